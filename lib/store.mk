# lib/store.mk: YAML config and documents, file replacement, the parameter
# tree and the device store (owner: store).
lib_libanthill_a_SOURCES += lib/fileio.c lib/fileio.h \
    lib/yaml_doc.c lib/yaml_doc_write.c lib/yaml_doc.h lib/yaml_doc_int.h \
    lib/yaml_conf.c lib/yaml_conf_scalar.c lib/yaml_conf_dump.c \
    lib/yaml_conf.h lib/yaml_conf_int.h
lib_libanthill_a_SOURCES += lib/param_tree.c lib/param_value.c \
    lib/param_tree_yaml.c lib/param_tree.h
lib_libanthill_a_SOURCES += lib/device_record.c lib/device_record_yaml.c \
    lib/device_store.c lib/device_store_gdbm.c lib/device_store.h \
    lib/device_store_int.h
