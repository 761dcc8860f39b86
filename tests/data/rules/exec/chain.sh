#!/bin/sh
# Tries to make the ACS run another program.
cat >/dev/null
echo 'do: [exec: {program: /bin/sh}]'
