#!/bin/sh
# Fails when a banned function (STYLE.md section 9) appears in the sources.
top_srcdir=${top_srcdir:-.}
cd "$top_srcdir" || exit 1
hits=$(find lib acs rules mdap bootp-tftp cpe-sim tests -name '*.[ch]' 2>/dev/null |
    xargs grep -nE '(^|[^_a-zA-Z0-9.>])(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|strncpy|system|popen)[[:space:]]*\(' 2>/dev/null |
    grep -v 'banned-ok')
if [ -n "$hits" ]; then
	echo "banned functions used:"
	echo "$hits"
	exit 1
fi
exit 0
