# SPDX-License-Identifier: BSL-1.0
# Dependencies of the build (the installed package finds its own in tallyfy-config.cmake).
# The lowest versions tested: Debian 12's Boost 1.81 (its 1.74 is too old and is skipped) and
# OpenSSL 3.
find_package(Boost 1.81 CONFIG REQUIRED COMPONENTS json url)
find_package(OpenSSL 3 REQUIRED)
find_package(Threads REQUIRED)
