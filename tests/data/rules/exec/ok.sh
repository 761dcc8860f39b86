#!/bin/sh
# Reads the device JSON and answers with actions that use it.
input=$(cat)
case $input in
*'"SerialNumber":"CP1234"'*) ;;
*) echo "unexpected input: $input" >&2; exit 1 ;;
esac
[ "$ANTHILL_RULE" = x ] || exit 1
printf '[{"set": {"Device.Note": "%s-%s"}}, {"tag": "exec-ok"}]\n' \
    "$ANTHILL_DEVICE" "$1"
