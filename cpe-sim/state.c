/*
 * state.c: a device's agent state in <state-dir>/<serial>/state.yaml:
 * bootstrap flag, boot count, queued events, pending VALUE CHANGE names,
 * accepted transfers, undelivered TransferComplete records, scheduled
 * informs and the parameter-tree overlay (ParameterKey included).  Files
 * are replaced atomically (lib/fileio), so a restarted simulator, like a
 * rebooted device, continues where it was.  The firmware journal, boot
 * environment and flash belong to lib/fwupdate in the same directory.
 * Download passwords are stored (the file is 0600) but never logged.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/fileio.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "lib/yaml_doc.h"

#include "cpe-sim/cpesim.h"

static void
state_save_transfers(struct device *dev, struct yaml_doc_writer *w)
{
	struct sim_transfer	*t;
	int			 i;

	yaml_doc_seq_begin(w, false);
	for (i = 0; i < dev->ntransfers; i++) {
		t = &dev->transfers[i];
		yaml_doc_map_begin(w);
		yaml_doc_kv_bool(w, "upload", t->upload);
		yaml_doc_kv_str(w, "command_key", t->command_key);
		yaml_doc_kv_str(w, "file_type", t->file_type);
		yaml_doc_kv_str(w, "url", t->url);
		yaml_doc_kv_str(w, "username", t->username);
		yaml_doc_kv_str(w, "password", t->password);
		yaml_doc_kv_int(w, "file_size", (long long)t->file_size);
		yaml_doc_kv_str(w, "target_file_name", t->target_file_name);
		yaml_doc_kv_int(w, "not_before", (long long)t->not_before);
		yaml_doc_kv_int(w, "accepted_at", (long long)t->accepted_at);
		yaml_doc_kv_int(w, "state", t->state);
		yaml_doc_map_end(w);
	}
	yaml_doc_seq_end(w);
}

static void
state_save_tcs(struct device *dev, struct yaml_doc_writer *w)
{
	struct sim_tc	*tc;
	int		 i;

	yaml_doc_seq_begin(w, false);
	for (i = 0; i < dev->ntcs; i++) {
		tc = &dev->tcs[i];
		yaml_doc_map_begin(w);
		yaml_doc_kv_str(w, "command_key", tc->command_key);
		yaml_doc_kv_int(w, "fault_code", tc->fault_code);
		yaml_doc_kv_str(w, "fault_string", tc->fault_string);
		yaml_doc_kv_int(w, "start_time", (long long)tc->start_time);
		yaml_doc_kv_int(w, "complete_time",
		    (long long)tc->complete_time);
		yaml_doc_kv_bool(w, "upload", tc->upload);
		yaml_doc_map_end(w);
	}
	yaml_doc_seq_end(w);
}

static void
state_save_agent(struct device *dev, struct yaml_doc_writer *w)
{
	int	i;

	yaml_doc_str(w, "events");
	yaml_doc_seq_begin(w, false);
	for (i = 0; i < dev->nevents; i++) {
		yaml_doc_map_begin(w);
		yaml_doc_kv_str(w, "code", dev->events[i].code);
		yaml_doc_kv_str(w, "key", dev->events[i].key);
		yaml_doc_map_end(w);
	}
	yaml_doc_seq_end(w);
	yaml_doc_str(w, "changed");
	yaml_doc_seq_begin(w, false);
	for (i = 0; i < dev->nchanged; i++)
		yaml_doc_str(w, dev->changed[i]);
	yaml_doc_seq_end(w);
	yaml_doc_str(w, "scheduled");
	yaml_doc_seq_begin(w, false);
	for (i = 0; i < dev->nscheduled; i++) {
		yaml_doc_map_begin(w);
		yaml_doc_kv_int(w, "at", (long long)dev->scheduled[i]);
		yaml_doc_kv_str(w, "key", dev->scheduled_key[i]);
		yaml_doc_map_end(w);
	}
	yaml_doc_seq_end(w);
	yaml_doc_str(w, "transfers");
	state_save_transfers(dev, w);
	yaml_doc_str(w, "transfer_complete");
	state_save_tcs(dev, w);
}

int
state_save(struct device *dev)
{
	struct yaml_doc_writer	*w;
	char			*text, *path = NULL;
	size_t			 len;
	int			 rc = -1;

	w = yaml_doc_writer_new();
	yaml_doc_map_begin(w);
	yaml_doc_kv_str(w, "serial", dev->serial);
	yaml_doc_kv_str(w, "model", dev->model->name);
	yaml_doc_kv_str(w, "quirks", dev->quirks->name);
	yaml_doc_kv_bool(w, "bootstrapped", dev->bootstrapped);
	yaml_doc_kv_int(w, "boot_count", dev->boot_count);
	yaml_doc_kv_str(w, "cr_token", dev->cr_token);
	yaml_doc_kv_str(w, "acs_url_seen", dev->acs_url_seen);
	state_save_agent(dev, w);
	yaml_doc_str(w, "tree");
	devtree_save(&dev->tree, w);
	yaml_doc_map_end(w);
	text = yaml_doc_writer_finish(w, &len);
	yaml_doc_writer_free(w);
	if (text == NULL) {
		log_warnx("%s: cannot encode the state", dev->serial);
		return -1;
	}
	xasprintf(&path, "%s/%s", dev->dir, SIM_STATE_FILE);
	if (fileio_replace(path, text, len, 0600, dev->sim->conf.durable) ==
	    -1)
		log_warn("%s: %s", dev->serial, path);
	else {
		rc = 0;
		dev->dirty = false;
	}
	free(path);
	free(text);
	return rc;
}

static long long
state_ll(const struct yaml_doc_node *map, const char *key, long long def)
{
	const char	*v = yaml_doc_get_str(map, key), *e;
	long long	 n;

	if (v == NULL)
		return def;
	n = strtonum(v, -1, LLONG_MAX, &e);
	return e != NULL ? def : n;
}

static bool
state_bool(const struct yaml_doc_node *map, const char *key)
{
	const char	*v = yaml_doc_get_str(map, key);

	return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static char *
state_dup(const struct yaml_doc_node *map, const char *key)
{
	const char	*v = yaml_doc_get_str(map, key);

	return xstrdup(v != NULL ? v : "");
}

static void
state_load_transfers(struct device *dev, const struct yaml_doc_node *seq)
{
	struct sim_transfer		*t;
	const struct yaml_doc_node	*r;
	size_t				 i;

	for (i = 0; seq != NULL && seq->kind == YAML_DOC_SEQ &&
	    i < seq->nitems && dev->ntransfers < SIM_DOWNLOADS_MAX; i++) {
		r = seq->items[i];
		t = &dev->transfers[dev->ntransfers++];
		memset(t, 0, sizeof(*t));
		t->upload = state_bool(r, "upload");
		strlcpy(t->command_key, yaml_doc_get_str(r, "command_key") ?
		    yaml_doc_get_str(r, "command_key") : "",
		    sizeof(t->command_key));
		t->file_type = state_dup(r, "file_type");
		t->url = state_dup(r, "url");
		t->username = state_dup(r, "username");
		t->password = state_dup(r, "password");
		t->target_file_name = state_dup(r, "target_file_name");
		t->file_size = (uint64_t)state_ll(r, "file_size", 0);
		t->not_before = (time_t)state_ll(r, "not_before", 0);
		t->accepted_at = (time_t)state_ll(r, "accepted_at", 0);
		t->state = (int)state_ll(r, "state", 1);
	}
}

static void
state_load_tcs(struct device *dev, const struct yaml_doc_node *seq)
{
	struct sim_tc			*tc;
	const struct yaml_doc_node	*r;
	const char			*v;
	size_t				 i;

	for (i = 0; seq != NULL && seq->kind == YAML_DOC_SEQ &&
	    i < seq->nitems && dev->ntcs < SIM_UPLOAD_TC_MAX; i++) {
		r = seq->items[i];
		tc = &dev->tcs[dev->ntcs++];
		memset(tc, 0, sizeof(*tc));
		v = yaml_doc_get_str(r, "command_key");
		strlcpy(tc->command_key, v != NULL ? v : "",
		    sizeof(tc->command_key));
		v = yaml_doc_get_str(r, "fault_string");
		strlcpy(tc->fault_string, v != NULL ? v : "",
		    sizeof(tc->fault_string));
		tc->fault_code = (int)state_ll(r, "fault_code", 0);
		tc->start_time = (time_t)state_ll(r, "start_time", 0);
		tc->complete_time = (time_t)state_ll(r, "complete_time", 0);
		tc->upload = state_bool(r, "upload");
	}
}

static void
state_load_agent(struct device *dev, const struct yaml_doc_node *doc)
{
	const struct yaml_doc_node	*seq;
	const char			*code, *key;
	size_t				 i;

	seq = yaml_doc_get(doc, "events");
	for (i = 0; seq != NULL && seq->kind == YAML_DOC_SEQ &&
	    i < seq->nitems; i++) {
		code = yaml_doc_get_str(seq->items[i], "code");
		key = yaml_doc_get_str(seq->items[i], "key");
		if (code != NULL)
			device_add_event(dev, code, key != NULL ? key : "");
	}
	seq = yaml_doc_get(doc, "changed");
	for (i = 0; seq != NULL && seq->kind == YAML_DOC_SEQ &&
	    i < seq->nitems && dev->nchanged < SIM_CHANGED_MAX; i++)
		if (seq->items[i]->kind == YAML_DOC_SCALAR)
			dev->changed[dev->nchanged++] =
			    xstrdup(seq->items[i]->str);
	seq = yaml_doc_get(doc, "scheduled");
	for (i = 0; seq != NULL && seq->kind == YAML_DOC_SEQ &&
	    i < seq->nitems && dev->nscheduled < SIM_SCHEDULED_MAX; i++) {
		key = yaml_doc_get_str(seq->items[i], "key");
		dev->scheduled[dev->nscheduled] =
		    (time_t)state_ll(seq->items[i], "at", 0);
		strlcpy(dev->scheduled_key[dev->nscheduled++],
		    key != NULL ? key : "", sizeof(dev->scheduled_key[0]));
	}
	state_load_transfers(dev, yaml_doc_get(doc, "transfers"));
	state_load_tcs(dev, yaml_doc_get(doc, "transfer_complete"));
}

/* 0: loaded; 1: no state yet (first boot); -1: unreadable. */
int
state_load(struct device *dev, char *err, size_t errlen)
{
	struct yaml_doc_node	*doc;
	const char		*v;
	char			*path;
	int			 rc = -1;

	xasprintf(&path, "%s/%s", dev->dir, SIM_STATE_FILE);
	doc = yaml_doc_load_file(path, SIM_STATE_MAX, err, errlen);
	free(path);
	if (doc == NULL)
		return errno == ENOENT ? 1 : -1;
	if (doc->kind != YAML_DOC_MAP) {
		snprintf(err, errlen, "%s: state is not a mapping", dev->dir);
		goto done;
	}
	dev->bootstrapped = state_bool(doc, "bootstrapped");
	dev->boot_count = (unsigned int)state_ll(doc, "boot_count", 0);
	v = yaml_doc_get_str(doc, "cr_token");
	strlcpy(dev->cr_token, v != NULL ? v : "", sizeof(dev->cr_token));
	v = yaml_doc_get_str(doc, "acs_url_seen");
	strlcpy(dev->acs_url_seen, v != NULL ? v : "",
	    sizeof(dev->acs_url_seen));
	state_load_agent(dev, doc);
	if (devtree_load(&dev->tree, yaml_doc_get(doc, "tree"), err,
	    errlen) == -1)
		goto done;
	rc = 0;
done:
	yaml_doc_free(doc);
	return rc;
}
