# lib/rules.mk: the rules engine (rules(5)): loader, evaluator, rollout
# state, exec runner and the action-to-job conversion.
lib_libanthill_a_SOURCES += lib/rule_engine.h lib/rule_int.h \
    lib/rule_load.h lib/rule_load.c lib/rule_load_cond.c \
    lib/rule_load_action.c lib/rule_eval.c lib/rule_action.c \
    lib/rule_template.c lib/rule_session.c \
    lib/rule_version.h lib/rule_version.c lib/rule_memdev.h \
    lib/rule_memdev.c
lib_libanthill_a_SOURCES += lib/rule_rollout.h lib/rule_rollout.c
lib_libanthill_a_SOURCES += lib/rule_state.h lib/rule_state.c
lib_libanthill_a_SOURCES += lib/rule_jobs.h lib/rule_jobs.c
lib_libanthill_a_SOURCES += lib/rule_record.h lib/rule_record.c
lib_libanthill_a_SOURCES += lib/rule_exec.h lib/rule_exec.c
