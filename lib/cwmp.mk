# lib/cwmp.mk: the CWMP codec (cwmp_soap, cwmp_rpc; cwmp_xml is internal).
lib_libanthill_a_SOURCES += lib/cwmp_soap.c lib/cwmp_soap.h \
    lib/cwmp_rpc.c lib/cwmp_rpc.h lib/cwmp_rpc_dec.c lib/cwmp_rpc_enc.c \
    lib/cwmp_soap_time.c lib/cwmp_xml.c lib/cwmp_xml.h
