/*
 * fuzz_rules.c: libFuzzer harness for the rules engine's parsers: the
 * rule file loader (then an evaluation of whatever loaded against a small
 * device, with a rollout gate), the exec output parser, the rollout state
 * file parser and the version comparison.  Any input must give a clean
 * error or a result, never a crash, leak or hang.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rule_engine.h"
#include "lib/rule_memdev.h"
#include "lib/rule_rollout.h"
#include "lib/rule_state.h"
#include "lib/rule_version.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static enum rule_gate_verdict
fuzz_decide(void *ctx, const struct rule *r, const char *devid, bool has,
    unsigned njobs, time_t now)
{
	return rule_rollout_decide(ctx, r, devid, has, njobs, now);
}

static struct rule_memdev *
fuzz_device(void)
{
	struct rule_memdev *md = rule_memdev_new();

	rule_memdev_set_id(md, RULE_ID_OUI, "00147F");
	rule_memdev_set_id(md, RULE_ID_PRODUCT_CLASS, "TG789");
	rule_memdev_set_id(md, RULE_ID_SERIAL_NUMBER, "CP1");
	rule_memdev_set_id(md, RULE_ID_DEVICE_ID, "00147F-TG789-CP1");
	rule_memdev_set(
	    md, "Device.DeviceInfo.SoftwareVersion", "2.3.9", "xsd:string");
	rule_memdev_set(md, "Device.ManagementServer.PeriodicInformInterval",
	    "600", "xsd:unsignedInt");
	rule_memdev_set(md, "Device.Users.User.2.Username", "u", NULL);
	rule_memdev_tag(md, "lab", true);
	return md;
}

static void
fuzz_eval(const struct ruleset *rs, struct rule_memdev *md)
{
	static const char *const events[] = { "1 BOOT", "M Download" };
	struct rule_progress *p = rule_progress_new("fuzz");
	struct rule_gate gate = { fuzz_decide, p };
	struct rule_input in = { 0 };
	struct rule_actions acts;
	struct rule_action *a;
	char *d;

	in.dev = rule_memdev_device(md);
	in.events = events;
	in.nevents = 2;
	in.now = 1000;
	rule_actions_init(&acts);
	ruleset_eval(rs, &in, NULL, &acts);
	ruleset_eval(rs, &in, &gate, &acts);
	TAILQ_FOREACH(a, &acts.list, entry) {
		d = rule_action_describe(a);
		free(d);
	}
	rule_actions_clear(&acts);
	rule_progress_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rule_load_errors errs = { 0 };
	struct rule_progress *p;
	struct ruleset *rs = ruleset_new();
	struct rule_memdev *md = fuzz_device();
	struct rule_actions acts;
	char *s, err[256];
	size_t half;

	if (ruleset_load_buffer(rs, "fuzz", (const char *)data, size, &errs) ==
	    0)
		fuzz_eval(rs, md);
	rule_load_errors_clear(&errs);
	ruleset_free(rs);
	rule_actions_init(&acts);
	rule_actions_parse("fuzz", (const char *)data, size,
	    rule_memdev_device(md), &acts, &errs);
	rule_actions_clear(&acts);
	rule_load_errors_clear(&errs);
	rule_memdev_free(md);
	if ((p = rule_state_parse(
	         "fuzz", (const char *)data, size, err, sizeof(err))) != NULL)
		rule_progress_free(p);
	s = malloc(size + 2);
	memcpy(s, data, size);
	half = size / 2;
	s[size] = '\0';
	s[size + 1] = '\0';
	if (half > 0)
		s[half - 1] = '\0';
	(void)rule_version_cmp(s, half > 0 ? s + half : s);
	free(s);
	return 0;
}
