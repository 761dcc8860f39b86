# tests/cpesim.mk: the simulator's suites (http_client, models, device).
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_http_client
tests_unit_check_http_client_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_http_client_LDADD = $(CHECK_LIBS_ALL)
endif
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_devtree
tests_unit_check_devtree_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_devtree_LDADD = cpe-sim/libcpesim.a $(CHECK_LIBS_ALL)
endif
EXTRA_DIST += tests/data/cpesim/small.yaml
TESTS += tests/integration/t_cpesim_session.sh
EXTRA_DIST += tests/integration/t_cpesim_session.sh \
    tests/integration/cpesim_lib.sh tests/integration/cpesim_acs.py
TESTS += tests/integration/t_cpesim_quirks.sh
EXTRA_DIST += tests/integration/t_cpesim_quirks.sh
TESTS += tests/integration/t_cpesim_cr.sh tests/integration/t_cpesim_events.sh
EXTRA_DIST += tests/integration/t_cpesim_cr.sh \
    tests/integration/t_cpesim_events.sh
TESTS += tests/integration/t_cpesim_fleet.sh
EXTRA_DIST += tests/integration/t_cpesim_fleet.sh
bench_scripts += tests/bench/bench_cpesim.sh
EXTRA_DIST += tests/bench/bench_cpesim.sh
TESTS += tests/integration/t_cpesim_firmware.sh
EXTRA_DIST += tests/integration/t_cpesim_firmware.sh
