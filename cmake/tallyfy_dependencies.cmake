# Dependencies, shared by the build and the installed package config.
# Debian 12 ships Boost 1.74 and 1.81 side by side: ask for 1.81 exactly so they never mix.
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS json url)
find_package(OpenSSL 3 REQUIRED)
find_package(Threads REQUIRED)
