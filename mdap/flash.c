/*
 * flash.c: `mdap flash`, the lab workflow of MDAP.md section 11 as a state
 * machine per ant: search, plan (board, image, BOOTP address, new
 * address), EXEC-CLI `software upgrade` with at most max_in_flight ants
 * between upgrade and return, follow each through BOOTP and TFTP (the
 * built-in servers' callbacks), search until it answers again with the
 * expected version, then run the post-flash rules' cli actions with the
 * factory credentials.  Every ant ends done or failed with a reason.
 */
#include "config.h"

#include <arpa/inet.h>

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/bootp_server.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/rule_ant.h"
#include "lib/tftp_server.h"
#include "lib/xmalloc.h"
#include "mdap/campaign.h"
#include "mdap/mdap.h"

#define FLASH_TICK_MS		200
#define FLASH_SEARCH_MS		1000	/* search interval while returning */

enum flash_state {
	FS_PLANNED,
	FS_UPGRADING,
	FS_BOOTP,
	FS_TRANSFER,
	FS_RETURNING,
	FS_CONFIGURING,
	FS_DONE,
	FS_FAILED
};

static const char *const flash_state_names[] = {
	"planned", "upgrading", "bootp", "transfer", "returning",
	"configuring", "done", "failed"
};

struct flash_ant {
	struct flash			*fl;
	struct mdap_ant_rec		 rec;
	const char			*board;
	const struct campaign_image	*image;
	uint8_t				 mac[6];
	struct in_addr			 bootp_ip;
	struct in_addr			 new_addr;
	enum flash_state		 state;
	int64_t				 deadline;
	char				 new_version[MDAP_LINE_MAX];
	char				 error[256];
	uint64_t			 bytes;
	double				 xfer_s;
	int				 tftp_failures;
	struct rule_actions		 actions;
	struct rule_action		*next;
	unsigned			 commands;
};

struct flash {
	struct mdap_ctl		*ctl;
	struct campaign		*camp;
	struct flash_ant	*ants;
	size_t			 n;
	struct bootp_server	*bootp;
	struct tftp_server	*tftp;
	struct ruleset		*rules;
	struct event		*tick;
	int64_t			 last_search;
	bool			 tty;
};

static int64_t
flash_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool
flash_in_flight(const struct flash_ant *a)
{
	return a->state >= FS_UPGRADING && a->state <= FS_RETURNING;
}

static bool
flash_terminal(const struct flash_ant *a)
{
	return a->state == FS_DONE || a->state == FS_FAILED;
}

static void
flash_set(struct flash_ant *a, enum flash_state st, int64_t timeout_ms)
{
	a->state = st;
	a->deadline = timeout_ms > 0 ? flash_now() + timeout_ms : 0;
	if (!a->fl->tty)
		log_info("%s: %s", a->rec.ant_id, flash_state_names[st]);
}

static void
flash_fail(struct flash_ant *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
flash_fail(struct flash_ant *a, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(a->error, sizeof(a->error), fmt, ap);
	va_end(ap);
	a->state = FS_FAILED;
	log_warnx("%s: failed: %s", a->rec.ant_id, a->error);
}

static struct flash_ant *
flash_by_mac(struct flash *fl, const uint8_t *mac)
{
	size_t	i;

	for (i = 0; i < fl->n; i++)
		if (memcmp(fl->ants[i].mac, mac, 6) == 0)
			return &fl->ants[i];
	return NULL;
}

static struct flash_ant *
flash_by_ip(struct flash *fl, struct in_addr ip)
{
	size_t	i;

	for (i = 0; i < fl->n; i++)
		if (fl->ants[i].bootp_ip.s_addr == ip.s_addr)
			return &fl->ants[i];
	return NULL;
}

static void	flash_next_command(struct flash_ant *);

static void
flash_command_done(struct mdap_txn *t, void *arg)
{
	struct flash_ant	*a = arg;

	if (t->state != MDAP_TXN_DONE)
		flash_fail(a, "cli '%s': %s", t->cli_cmd, t->error);
	else {
		a->commands++;
		a->next = TAILQ_NEXT(a->next, entry);
		flash_next_command(a);
	}
	client_txn_free(t);
}

/* Runs the post-flash cli actions one at a time, in rule order. */
static void
flash_next_command(struct flash_ant *a)
{
	struct mdap_txn	*t;

	while (a->next != NULL && a->next->kind != RULE_ACT_CLI)
		a->next = TAILQ_NEXT(a->next, entry);
	if (a->next == NULL) {
		flash_set(a, FS_DONE, 0);
		return;
	}
	t = client_request(a->fl->ctl, a->rec.ant_id, "EXEC-CLI",
	    rule_action_arg(a->next, "command"));
	t->user = a->fl->camp->factory_user;
	t->password = a->fl->camp->factory_password;
	t->done_cb = flash_command_done;
	t->done_arg = a;
}

static void
flash_configure(struct flash_ant *a)
{
	struct rule_ant		 ra;
	struct rule_input	 in;
	char			 ip[INET_ADDRSTRLEN];

	rule_ant_init(&ra, a->rec.ant_id, a->rec.mac, a->rec.name);
	rule_ant_set(&ra, "Ant.Board", a->board);
	rule_ant_set(&ra, "Ant.Version", a->new_version);
	if (a->new_addr.s_addr != 0)
		rule_ant_set(&ra, "Ant.Address", inet_ntop(AF_INET,
		    &a->new_addr, ip, sizeof(ip)));
	rule_ant_set(&ra, "ACS.URL", a->fl->camp->acs_url);
	memset(&in, 0, sizeof(in));
	in.dev = rule_ant_device(&ra);
	in.now = time(NULL);
	rule_actions_init(&a->actions);
	if (a->fl->rules != NULL)
		ruleset_eval(a->fl->rules, &in, NULL, &a->actions);
	if (a->actions.nerrors > 0) {
		flash_fail(a, "post-flash rules: %s", a->actions.errors[0]);
		return;
	}
	flash_set(a, FS_CONFIGURING, 0);
	a->next = TAILQ_FIRST(&a->actions.list);
	flash_next_command(a);
}

static void
flash_discovered(const struct mdap_ant_rec *rec, void *arg)
{
	struct flash		*fl = arg;
	struct flash_ant	*a = NULL;
	size_t			 i;

	for (i = 0; i < fl->n; i++)
		if (strcmp(fl->ants[i].rec.ant_id, rec->ant_id) == 0)
			a = &fl->ants[i];
	if (a == NULL || a->state != FS_RETURNING)
		return;
	strlcpy(a->new_version, rec->tp_version, sizeof(a->new_version));
	if (a->image->version != NULL &&
	    strcmp(a->image->version, rec->tp_version) != 0) {
		flash_fail(a, "came back with version %s, expected %s",
		    rec->tp_version, a->image->version);
		return;
	}
	flash_configure(a);
}

static void
flash_bootp_seen(const struct bootp_reply_info *info, void *arg)
{
	struct flash		*fl = arg;
	struct flash_ant	*a = flash_by_mac(fl, info->mac);

	if (a == NULL || !(a->state == FS_UPGRADING || a->state == FS_BOOTP))
		return;
	flash_set(a, FS_TRANSFER, fl->camp->transfer_timeout_ms);
}

static void
flash_tftp_done(const struct tftp_xfer_info *info, void *arg)
{
	struct flash		*fl = arg;
	struct flash_ant	*a = flash_by_ip(fl, info->peer.sin_addr);

	if (a == NULL || a->state != FS_TRANSFER || info->upload)
		return;
	if (info->ok) {
		a->bytes = info->bytes;
		a->xfer_s = info->seconds;
		flash_set(a, FS_RETURNING, fl->camp->return_timeout_ms);
		return;
	}
	if (++a->tftp_failures > fl->camp->tftp_retries) {
		flash_fail(a, "transfer failed %d times, last: %s",
		    a->tftp_failures, info->reason);
		return;
	}
	/* The ant asks BOOTP again after an aborted transfer. */
	flash_set(a, FS_BOOTP, fl->camp->bootp_timeout_ms);
}

static void
flash_upgrade_done(struct mdap_txn *t, void *arg)
{
	struct flash_ant	*a = arg;

	if (t->state != MDAP_TXN_DONE)
		flash_fail(a, "software upgrade: %s", t->error);
	else if (a->state == FS_UPGRADING)
		flash_set(a, FS_BOOTP, a->fl->camp->bootp_timeout_ms);
	client_txn_free(t);
}

static void
flash_start_one(struct flash_ant *a)
{
	struct mdap_txn	*t;

	flash_set(a, FS_UPGRADING, 0);
	t = client_request(a->fl->ctl, a->rec.ant_id, "EXEC-CLI",
	    "software upgrade");
	t->done_cb = flash_upgrade_done;
	t->done_arg = a;
}

static void
flash_check_deadline(struct flash_ant *a, int64_t now)
{
	static const char *const why[] = {
		[FS_BOOTP] = "no BOOTP request after the upgrade command",
		[FS_TRANSFER] = "the transfer did not finish",
		[FS_RETURNING] = "lost: did not answer again after the flash",
	};

	if (a->deadline == 0 || now < a->deadline)
		return;
	if (a->state == FS_BOOTP || a->state == FS_TRANSFER ||
	    a->state == FS_RETURNING)
		flash_fail(a, "%s", why[a->state]);
}

static void	flash_progress(struct flash *, bool);

static void
flash_tick(evutil_socket_t fd, short what, void *arg)
{
	struct flash	*fl = arg;
	int64_t		 now = flash_now();
	size_t		 i;
	int		 busy = 0, returning = 0, open = 0;

	for (i = 0; i < fl->n; i++) {
		flash_check_deadline(&fl->ants[i], now);
		busy += flash_in_flight(&fl->ants[i]);
		returning += fl->ants[i].state == FS_RETURNING;
		open += !flash_terminal(&fl->ants[i]);
	}
	for (i = 0; i < fl->n && busy < fl->camp->max_in_flight; i++)
		if (fl->ants[i].state == FS_PLANNED) {
			flash_start_one(&fl->ants[i]);
			busy++;
		}
	if (returning > 0 && now - fl->last_search >= FLASH_SEARCH_MS) {
		client_search(fl->ctl);
		fl->last_search = now;
	}
	flash_progress(fl, false);
	if (open == 0)
		event_base_loopexit(fl->ctl->base, NULL);
}

static int
flash_plan_one(struct flash *fl, const struct mdap_ant_rec *rec,
    struct flash_ant *a, unsigned idx)
{
	memset(a, 0, sizeof(*a));
	a->fl = fl;
	a->rec = *rec;
	a->state = FS_PLANNED;
	if (bootp_mac_parse(rec->mac, a->mac) == -1) {
		flash_fail(a, "bad ANT-MAC \"%s\"", rec->mac);
		return 0;
	}
	if ((a->board = campaign_board(fl->camp, rec->name)) == NULL) {
		flash_fail(a, "no board known for \"%s\"", rec->name);
		return 0;
	}
	if ((a->image = campaign_image(fl->camp, a->board)) == NULL) {
		flash_fail(a, "no image for board %s", a->board);
		return 0;
	}
	if (campaign_range_nth(&fl->camp->servers.pool, idx, &a->bootp_ip) ==
	    -1) {
		flash_fail(a, "BOOTP pool exhausted");
		return 0;
	}
	if (fl->camp->addresses.start.s_addr != 0 &&
	    campaign_range_nth(&fl->camp->addresses, idx, &a->new_addr) == -1)
		flash_fail(a, "address range exhausted");
	return 0;
}

/* Selects and plans the ants found by the search. */
static void
flash_plan(struct flash *fl)
{
	struct mdap_ctl	*ctl = fl->ctl;
	const char	*pat = fl->camp->select;
	size_t		 i;

	fl->ants = xcalloc(ctl->nants + 1, sizeof(*fl->ants));
	for (i = 0; i < ctl->nants; i++) {
		const struct mdap_ant_rec *r = &ctl->ants[i];

		if (fnmatch(pat, r->ant_id, 0) != 0 &&
		    fnmatch(pat, r->name, 0) != 0 &&
		    fnmatch(pat, r->mac, FNM_CASEFOLD) != 0)
			continue;
		flash_plan_one(fl, r, &fl->ants[fl->n], (unsigned)fl->n);
		fl->n++;
	}
}

static void
flash_bootp_conf(struct flash *fl, struct bootp_server_conf *bc)
{
	const struct campaign_servers	*s = &fl->camp->servers;
	const struct campaign_image	*im = fl->camp->images.v;
	size_t				 i;

	bootp_server_conf_init(bc);
	if (s->interface != NULL)
		strlcpy(bc->ifname, s->interface, sizeof(bc->ifname));
	strlcpy(bc->addr, s->listen, sizeof(bc->addr));
	bc->port = s->bootp_port;
	bc->client_port = s->client_port;
	bc->server_ip = s->server_ip;
	bc->netmask = s->netmask;
	bc->hosts = xcalloc(fl->n + 1, sizeof(*bc->hosts));
	for (i = 0; i < fl->n; i++) {
		if (fl->ants[i].state != FS_PLANNED)
			continue;
		memcpy(bc->hosts[bc->nhosts].mac, fl->ants[i].mac, 6);
		bc->hosts[bc->nhosts].ip = fl->ants[i].bootp_ip;
		strlcpy(bc->hosts[bc->nhosts].file, fl->ants[i].image->file,
		    sizeof(bc->hosts[0].file));
		bc->nhosts++;
	}
	bc->boards = xcalloc(fl->camp->images.n + 1, sizeof(*bc->boards));
	for (i = 0; i < fl->camp->images.n; i++) {
		strlcpy(bc->boards[i].name, im[i].board,
		    sizeof(bc->boards[i].name));
		strlcpy(bc->boards[i].file, im[i].file,
		    sizeof(bc->boards[i].file));
	}
	bc->nboards = fl->camp->images.n;
}

static int
flash_servers(struct flash *fl, const char **errstr)
{
	const struct campaign_servers	*s = &fl->camp->servers;
	struct bootp_server_conf	 bc;
	struct tftp_server_conf		 tc;

	if (!s->builtin)
		return 0;
	if (s->tftp_root == NULL || s->server_ip.s_addr == 0) {
		*errstr = "servers: tftp_root and server_ip are required";
		return -1;
	}
	flash_bootp_conf(fl, &bc);
	fl->bootp = bootp_server_new(fl->ctl->base, &bc, errstr);
	free(bc.hosts);
	free(bc.boards);
	if (fl->bootp == NULL)
		return -1;
	bootp_server_set_reply_cb(fl->bootp, flash_bootp_seen, fl);
	tftp_server_conf_init(&tc);
	strlcpy(tc.root, s->tftp_root, sizeof(tc.root));
	strlcpy(tc.addr, s->listen, sizeof(tc.addr));
	tc.port = s->tftp_port;
	if (s->interface != NULL)
		strlcpy(tc.ifname, s->interface, sizeof(tc.ifname));
	if ((fl->tftp = tftp_server_new(fl->ctl->base, &tc, errstr)) == NULL)
		return -1;
	tftp_server_set_done_cb(fl->tftp, flash_tftp_done, fl);
	log_info("flash: BOOTP on %s:%d, TFTP on %s:%d", s->listen,
	    bootp_server_port(fl->bootp), s->listen, tftp_server_port(fl->tftp));
	return 0;
}

static int
flash_load_rules(struct flash *fl)
{
	struct rule_load_errors	errs;
	size_t			i;

	if (fl->camp->rules.n == 0)
		return 0;
	memset(&errs, 0, sizeof(errs));
	fl->rules = ruleset_load((const char *const *)fl->camp->rules.v,
	    fl->camp->rules.n, &errs);
	for (i = 0; i < errs.count; i++)
		fprintf(stderr, "mdap: %s\n", errs.msg[i]);
	rule_load_errors_clear(&errs);
	return fl->rules == NULL ? -1 : 0;
}

static void
flash_row(const struct flash_ant *a)
{
	char	ip[INET_ADDRSTRLEN] = "-";

	if (a->new_addr.s_addr != 0)
		inet_ntop(AF_INET, &a->new_addr, ip, sizeof(ip));
	printf("%-10s %-8s %-12s %-12s %-15s %-11s %s\n", a->rec.ant_id,
	    a->board != NULL ? a->board : "-", a->rec.tp_version,
	    a->new_version[0] != '\0' ? a->new_version : "-", ip,
	    flash_state_names[a->state], a->error);
}

static void
flash_progress(struct flash *fl, bool final)
{
	size_t	i;

	if (!fl->tty && !final)
		return;
	if (fl->tty && !final)
		printf("\033[H\033[J");
	printf("%-10s %-8s %-12s %-12s %-15s %-11s %s\n", "ANT-ID", "BOARD",
	    "OLD", "NEW", "ADDRESS", "STATE", "ERROR");
	for (i = 0; i < fl->n; i++)
		flash_row(&fl->ants[i]);
	fflush(stdout);
}

static void
flash_json(const struct flash *fl)
{
	struct buf	b;
	struct json	j;
	char		ip[INET_ADDRSTRLEN], serial[MDAP_LINE_MAX + 2];
	size_t		i;

	buf_init(&b, 0);
	json_init(&j, &b);
	json_array_begin(&j);
	for (i = 0; i < fl->n; i++) {
		const struct flash_ant *a = &fl->ants[i];

		json_object_begin(&j);
		json_kv_string(&j, "ant_id", a->rec.ant_id);
		snprintf(serial, sizeof(serial), "CP%s", a->rec.ant_id);
		json_kv_string(&j, "serial", serial);
		json_kv_string(&j, "mac", a->rec.mac);
		json_kv_string(&j, "board", a->board);
		json_kv_string(&j, "image", a->image != NULL ? a->image->file :
		    NULL);
		json_kv_string(&j, "old_version", a->rec.tp_version);
		json_kv_string(&j, "new_version", a->new_version);
		json_kv_string(&j, "bootp_address", inet_ntop(AF_INET,
		    &a->bootp_ip, ip, sizeof(ip)));
		json_kv_string(&j, "address", a->new_addr.s_addr == 0 ? NULL :
		    inet_ntop(AF_INET, &a->new_addr, ip, sizeof(ip)));
		json_kv_string(&j, "state", flash_state_names[a->state]);
		json_kv_bool(&j, "ok", a->state == FS_DONE);
		json_kv_string(&j, "error", a->error);
		json_kv_int(&j, "bytes", (long long)a->bytes);
		json_kv_int(&j, "transfer_ms", (long long)(a->xfer_s * 1000));
		json_kv_int(&j, "commands", a->commands);
		json_object_end(&j);
	}
	json_array_end(&j);
	printf("%s\n", b.data);
	buf_clear(&b);
}

static int
flash_finish(struct flash *fl, bool json)
{
	size_t	i, ok = 0;

	if (json)
		flash_json(fl);
	else
		flash_progress(fl, true);
	for (i = 0; i < fl->n; i++)
		ok += fl->ants[i].state == FS_DONE;
	if (!json)
		printf("%zu of %zu ants flashed\n", ok, fl->n);
	return ok == fl->n ? 0 : 1;
}

static void
flash_free(struct flash *fl)
{
	size_t	i;

	for (i = 0; i < fl->n; i++)
		if (fl->ants[i].actions.list.tqh_last != NULL)
			rule_actions_clear(&fl->ants[i].actions);
	if (fl->tick != NULL)
		event_free(fl->tick);
	bootp_server_free(fl->bootp);
	tftp_server_free(fl->tftp);
	ruleset_free(fl->rules);
	free(fl->ants);
}

int
cmd_flash(struct mdap_ctl *ctl, const char *path, bool json)
{
	struct campaign	 camp;
	struct flash	 fl;
	struct timeval	 tv = { 0, FLASH_TICK_MS * 1000 };
	char		 err[YAML_CONF_ERR_MAX];
	const char	*errstr;
	int		 rv = 1;

	memset(&fl, 0, sizeof(fl));
	if (campaign_load(&camp, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "mdap: %s\n", err);
		campaign_free(&camp);
		return 1;
	}
	fl.ctl = ctl;
	fl.camp = &camp;
	fl.tty = !json && isatty(STDOUT_FILENO);
	if (flash_load_rules(&fl) == -1)
		goto done;
	search_collect(ctl);
	flash_plan(&fl);
	if (fl.n == 0) {
		fprintf(stderr, "mdap: no ant found or selected\n");
		rv = 3;
		goto done;
	}
	if (flash_servers(&fl, &errstr) == -1) {
		fprintf(stderr, "mdap: servers: %s\n", errstr);
		goto done;
	}
	ctl->on_discover = flash_discovered;
	ctl->discover_arg = &fl;
	fl.tick = event_new(ctl->base, -1, EV_PERSIST, flash_tick, &fl);
	event_add(fl.tick, &tv);
	flash_tick(-1, 0, &fl);
	event_base_dispatch(ctl->base);
	rv = flash_finish(&fl, json);
done:
	ctl->on_discover = NULL;
	flash_free(&fl);
	campaign_free(&camp);
	return rv;
}
