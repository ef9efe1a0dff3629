/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Safe reading of one JSON object line, and a small writer for encoding. */
#pragma once

#include "pupitre-json-check.h"
#include "pupitre-json-scan.h"
#include "pupitre-json-tree.h"
#include "pupitre-json-write.h"
