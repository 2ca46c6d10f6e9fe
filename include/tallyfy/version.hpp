// SPDX-License-Identifier: BSL-1.0
// The SDK's version (semantic versioning; before 1.0 a minor version may break the API, as the
// changelog says). CMake's project version is read from here.
#pragma once

/// @file
/// The SDK's version, as macros (semantic versioning; before 1.0 a minor version may break the
/// API).

/// Major version: a change breaks the API (from 1.0 on).
#define TALLYFY_VERSION_MAJOR 0
/// Minor version: features added (before 1.0, also breaking changes).
#define TALLYFY_VERSION_MINOR 2
/// Patch version: fixes only.
#define TALLYFY_VERSION_PATCH 0
/// "MAJOR.MINOR.PATCH".
#define TALLYFY_VERSION_STRING "0.2.0"
/// One comparable number: MAJOR * 10000 + MINOR * 100 + PATCH.
#define TALLYFY_VERSION                                                                            \
    (TALLYFY_VERSION_MAJOR * 10000 + TALLYFY_VERSION_MINOR * 100 + TALLYFY_VERSION_PATCH)
