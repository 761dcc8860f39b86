# lib/mdap.mk: the MDAP wire codec.
lib_libanthill_a_SOURCES += lib/mdap_msg.c lib/mdap_msg.h lib/mdap_ant.c lib/mdap_ant.h \
    lib/mdap_ants.c lib/mdap_ants.h lib/netboot.c lib/netboot.h \
    lib/rule_ant.c lib/rule_ant.h
