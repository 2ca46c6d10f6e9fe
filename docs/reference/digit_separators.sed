# SPDX-License-Identifier: BSL-1.0
# Doxygen input filter (INPUT_FILTER in Doxyfile.in): drops C++14 digit separators (60'000).
# Doxygen 1.9.4 reads their quote as the start of a character literal, which shifts how it pairs
# the comments that follow with declarations: documented members came out undocumented, or with
# their neighbour's text. Only what Doxygen parses is filtered; the source shown is unchanged.
s/\([0-9]\)'\([0-9]\)/\1\2/g
