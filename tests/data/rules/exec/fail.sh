#!/bin/sh
# Prints actions, then fails: the output must be discarded.
echo '[{"reboot": true}]'
exit 3
