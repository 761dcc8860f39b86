#!/bin/sh
# Prints more than the output cap.
cat >/dev/null
while :; do echo '# padding padding padding padding padding padding'; done
