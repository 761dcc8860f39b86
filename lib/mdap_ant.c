/*
 * mdap_ant.c: the deterministic simulated ant of MDAP.md section 9.  One
 * transfer (the output of the last command) is kept per ant for
 * MDAP_ANT_TRANSFER_TTL seconds so acknowledgements and retransmitted
 * requests get their slice again without the command running twice.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/mdap_ant.h"
#include "lib/xmalloc.h"

struct mdap_ant {
	struct mdap_ant_info	info;
	struct mdap_ant_stats	stats;
	mdap_ant_cli_fn		fn;
	void			*arg;
	/* The kept transfer. */
	bool			have_transfer;
	char			xfer_cmd[MDAP_CLI_CMD_MAX + 1];
	char			xfer_requester[64];
	time_t			xfer_time;
	struct buf		xfer_out;
};

struct mdap_cli_word {
	const char		*words;
	enum mdap_cli_cmd	 cmd;
	const char		*keys;		/* allowed, space separated */
	const char		*required;	/* one required key or NULL */
};

static const struct mdap_cli_word mdap_cli_table[] = {
	{ "software upgrade", MDAP_CLI_SOFTWARE_UPGRADE, "", NULL },
	{ "system reboot", MDAP_CLI_SYSTEM_REBOOT, "", NULL },
	{ "system config", MDAP_CLI_SYSTEM_CONFIG, "led", "led" },
	{ "ip ipadd", MDAP_CLI_IP_IPADD, "intf addr", "addr" },
	{ "ip ipdelete", MDAP_CLI_IP_IPDELETE, "addr", "addr" },
	{ "ip iplist", MDAP_CLI_IP_IPLIST, "", NULL },
	{ "cwmp server config", MDAP_CLI_CWMP_SERVER_CONFIG, "url", "url" },
	{ "cwmp config", MDAP_CLI_CWMP_CONFIG,
	  "state mode periodicInform periodicInfInt", NULL },
};

static bool
mdap_cli_key_allowed(const char *keys, const char *key)
{
	size_t		 klen = strlen(key);
	const char	*p;

	for (p = keys; (p = strstr(p, key)) != NULL; p += klen)
		if ((p == keys || p[-1] == ' ') &&
		    (p[klen] == ' ' || p[klen] == '\0'))
			return true;
	return false;
}

static int
mdap_cli_parse_arg(const char *tok, size_t len, const char *keys,
    struct mdap_cli *cli, const char **errstr)
{
	struct mdap_cli_arg	*a;
	const char		*eq = memchr(tok, '=', len);
	size_t			 klen;

	if (eq == NULL || eq == tok) {
		*errstr = "argument is not key=value";
		return -1;
	}
	klen = (size_t)(eq - tok);
	if (cli->nargs >= MDAP_CLI_ARGS_MAX || klen >= sizeof(a->key)) {
		*errstr = "too many or too long arguments";
		return -1;
	}
	a = &cli->args[cli->nargs];
	memcpy(a->key, tok, klen);
	a->key[klen] = '\0';
	if (!mdap_cli_key_allowed(keys, a->key)) {
		*errstr = "unknown argument";
		return -1;
	}
	memcpy(a->value, eq + 1, len - klen - 1);
	a->value[len - klen - 1] = '\0';
	cli->nargs++;
	return 0;
}

int
mdap_cli_parse(const char *line, struct mdap_cli *cli, const char **errstr)
{
	const struct mdap_cli_word *w = NULL;
	const char	*p, *end;
	size_t		 i, n;

	memset(cli, 0, sizeof(*cli));
	if (strlen(line) > MDAP_CLI_CMD_MAX) {
		*errstr = "command too long";
		return -1;
	}
	while (*line == ' ' || *line == ':')
		line++;
	for (i = 0; i < sizeof(mdap_cli_table) / sizeof(*mdap_cli_table); i++) {
		n = strlen(mdap_cli_table[i].words);
		if (strncmp(line, mdap_cli_table[i].words, n) == 0 &&
		    (line[n] == ' ' || line[n] == '\0')) {
			w = &mdap_cli_table[i];
			break;
		}
	}
	if (w == NULL) {
		*errstr = "unknown command";
		return -1;
	}
	cli->cmd = w->cmd;
	for (p = line + strlen(w->words); *p != '\0'; p = end) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if ((end = strchr(p, ' ')) == NULL)
			end = p + strlen(p);
		if (mdap_cli_parse_arg(p, (size_t)(end - p), w->keys, cli,
		    errstr) == -1)
			return -1;
	}
	if (w->required != NULL && mdap_cli_get(cli, w->required) == NULL) {
		*errstr = "missing argument";
		return -1;
	}
	return 0;
}

const char *
mdap_cli_get(const struct mdap_cli *cli, const char *key)
{
	size_t	i;

	for (i = 0; i < cli->nargs; i++)
		if (strcmp(cli->args[i].key, key) == 0)
			return cli->args[i].value;
	return NULL;
}

struct mdap_ant *
mdap_ant_new(const struct mdap_ant_info *info, mdap_ant_cli_fn fn, void *arg)
{
	struct mdap_ant	*ant = xcalloc(1, sizeof(*ant));

	ant->info = *info;
	ant->fn = fn;
	ant->arg = arg;
	buf_init(&ant->xfer_out, MDAP_CLI_OUTPUT_MAX);
	return ant;
}

void
mdap_ant_free(struct mdap_ant *ant)
{
	if (ant == NULL)
		return;
	buf_clear(&ant->xfer_out);
	free(ant);
}

struct mdap_ant_info *
mdap_ant_info(struct mdap_ant *ant)
{
	return &ant->info;
}

const struct mdap_ant_stats *
mdap_ant_stats(const struct mdap_ant *ant)
{
	return &ant->stats;
}

bool
mdap_ant_is_addressed(const struct mdap_ant *ant, const struct mdap_msg *req)
{
	const char	*to;

	if (strcasecmp(req->verb, "ANT-SEARCH") == 0)
		return true;
	to = mdap_msg_get(req, "TO-ANT");
	return to != NULL && strcmp(to, ant->info.ant_id) == 0;
}

/* Starts a reply: REPLY-<verb>, the request's version, ANT-ID. */
static void
mdap_ant_reply_init(const struct mdap_ant *ant, const struct mdap_msg *req,
    struct mdap_msg *rep)
{
	mdap_msg_init(rep, true, req->verb,
	    req->version[0] != '\0' ? req->version : "1.2");
	mdap_msg_add(rep, "ANT-ID", ant->info.ant_id);
}

static void
mdap_ant_add_identity(const struct mdap_ant *ant, struct mdap_msg *rep)
{
	mdap_msg_add(rep, "ANT-NAME", ant->info.name);
	mdap_msg_add(rep, "ANT-MAC", ant->info.mac);
	mdap_msg_add(rep, "ANT-HOSTSETUP", "auto");
}

static void
mdap_ant_add_versions(const struct mdap_ant *ant, struct mdap_msg *rep)
{
	mdap_msg_add(rep, "TP-VERSION", ant->info.tp_version);
	mdap_msg_add(rep, "MDAP-VERSION", "1.2");
}

static int
mdap_ant_emit(struct mdap_ant *ant, const struct mdap_msg *rep, bool done,
    char *out, size_t outsz)
{
	const char	*err;
	int		 n;

	if ((n = mdap_msg_encode(rep, out, outsz, &err)) < 0)
		return -1;
	if (done && rep->has_payload && ant->info.double_checksum_on_done) {
		/* The inner checksum equals the frame checksum just written;
		 * a new frame checksum follows it. */
		if ((size_t)n + 3 > outsz)
			return -1;
		snprintf(out + n, outsz - (size_t)n, "%02X",
		    mdap_checksum(out, (size_t)n));
		n += 2;
	}
	ant->stats.replies++;
	return n;
}

static int
mdap_ant_error(struct mdap_ant *ant, const struct mdap_msg *req,
    const char *requester, int code, char *out, size_t outsz)
{
	struct mdap_msg	rep;
	char		seq[16];

	mdap_ant_reply_init(ant, req, &rep);
	snprintf(seq, sizeof(seq), "%d", code);
	mdap_msg_add(&rep, "SEQ-NR", seq);
	mdap_msg_add(&rep, "TO-HOST", requester);
	return mdap_ant_emit(ant, &rep, false, out, outsz);
}

static size_t
mdap_ant_nslices(const struct mdap_ant *ant)
{
	size_t	len = ant->xfer_out.len;

	return len == 0 ? 1 : (len + MDAP_SLICE_MAX - 1) / MDAP_SLICE_MAX;
}

/* Replies with slice n (1-based) of the kept transfer. */
static int
mdap_ant_slice(struct mdap_ant *ant, const struct mdap_msg *req,
    const char *requester, long n, char *out, size_t outsz)
{
	struct mdap_msg	rep;
	size_t		off, len, nslices = mdap_ant_nslices(ant);
	char		seq[32];
	bool		done = (size_t)n == nslices;

	mdap_ant_reply_init(ant, req, &rep);
	snprintf(seq, sizeof(seq), done ? "%ld-DONE" : "%ld", n);
	mdap_msg_add(&rep, "SEQ-NR", seq);
	mdap_msg_add(&rep, "TO-HOST", requester);
	off = (size_t)(n - 1) * MDAP_SLICE_MAX;
	len = ant->xfer_out.len - off;
	if (len > MDAP_SLICE_MAX)
		len = MDAP_SLICE_MAX;
	mdap_msg_set_payload(&rep, ant->xfer_out.data == NULL ? "" :
	    ant->xfer_out.data + off, len);
	return mdap_ant_emit(ant, &rep, done, out, outsz);
}

static bool
mdap_ant_credentials_ok(const struct mdap_ant *ant, const struct mdap_msg *req)
{
	const char	*user = mdap_msg_get(req, "USER-ID");
	const char	*pwd = mdap_msg_get(req, "USER-PWD");

	/* A missing line counts as empty (MDAP.md section 5.3). */
	return strcmp(user == NULL ? "" : user, ant->info.user) == 0 &&
	    strcmp(pwd == NULL ? "" : pwd, ant->info.password) == 0;
}

static bool
mdap_ant_transfer_live(const struct mdap_ant *ant, const char *requester,
    time_t now)
{
	return ant->have_transfer &&
	    strcmp(ant->xfer_requester, requester) == 0 &&
	    now - ant->xfer_time <= MDAP_ANT_TRANSFER_TTL;
}

static int
mdap_ant_run(struct mdap_ant *ant, const struct mdap_msg *req,
    const char *cmd, const char *requester, time_t now, char *out,
    size_t outsz)
{
	struct mdap_cli	cli;
	const char	*err;

	if (strlen(cmd) > MDAP_CLI_CMD_MAX)
		return mdap_ant_error(ant, req, requester, MDAP_ERR_MALFORMED,
		    out, outsz);
	/* A retransmitted request gets its reply again, never a rerun. */
	if (mdap_ant_transfer_live(ant, requester, now) &&
	    strcmp(ant->xfer_cmd, cmd) == 0)
		return mdap_ant_slice(ant, req, requester, 1, out, outsz);
	buf_reset(&ant->xfer_out);
	ant->have_transfer = false;
	if (mdap_cli_parse(cmd, &cli, &err) == -1 ||
	    ant->fn(ant->arg, &cli, &ant->xfer_out) == -1)
		return mdap_ant_error(ant, req, requester, MDAP_ERR_COMMAND,
		    out, outsz);
	ant->stats.commands_run++;
	ant->have_transfer = true;
	strlcpy(ant->xfer_cmd, cmd, sizeof(ant->xfer_cmd));
	strlcpy(ant->xfer_requester, requester, sizeof(ant->xfer_requester));
	ant->xfer_time = now;
	return mdap_ant_slice(ant, req, requester, 1, out, outsz);
}

static int
mdap_ant_exec(struct mdap_ant *ant, const struct mdap_msg *req,
    const char *requester, time_t now, char *out, size_t outsz)
{
	const char	*seqs = mdap_msg_get(req, "SEQ-NR");
	const char	*cmd = mdap_msg_get(req, "CLI-CMD");
	long		 n = 1;
	bool		 done;

	if (seqs != NULL && (mdap_seqnr_parse(seqs, &n, &done) == -1 ||
	    n < 1))
		return mdap_ant_error(ant, req, requester, MDAP_ERR_MALFORMED,
		    out, outsz);
	if (n == 1 && cmd != NULL)
		return mdap_ant_run(ant, req, cmd, requester, now, out, outsz);
	/* An acknowledgement: a CLI-CMD in it is ignored (section 6). */
	if (!mdap_ant_transfer_live(ant, requester, now) ||
	    (size_t)n > mdap_ant_nslices(ant))
		return mdap_ant_error(ant, req, requester, MDAP_ERR_SEQNR,
		    out, outsz);
	ant->xfer_time = now;
	return mdap_ant_slice(ant, req, requester, n, out, outsz);
}

int
mdap_ant_handle(struct mdap_ant *ant, const struct mdap_msg *req,
    const char *requester, time_t now, char *out, size_t outsz)
{
	struct mdap_msg	rep;

	if (req->reply)
		return 0;
	ant->stats.requests++;
	if (!req->checksum_ok) {
		ant->stats.bad_checksum++;
		return 0;
	}
	if (!mdap_ant_is_addressed(ant, req))
		return 0;
	if (strcasecmp(req->verb, "ANT-SEARCH") == 0) {
		mdap_ant_reply_init(ant, req, &rep);
		mdap_ant_add_identity(ant, &rep);
		mdap_msg_add(&rep, "TO-HOST", requester);
		mdap_ant_add_versions(ant, &rep);
		return mdap_ant_emit(ant, &rep, false, out, outsz);
	}
	if (strcasecmp(req->verb, "INFO") != 0 &&
	    strcasecmp(req->verb, "EXEC-CLI") != 0)
		return mdap_ant_error(ant, req, requester, MDAP_ERR_MALFORMED,
		    out, outsz);
	if (!mdap_ant_credentials_ok(ant, req)) {
		ant->stats.bad_credentials++;
		return mdap_ant_error(ant, req, requester, MDAP_ERR_CREDENTIALS,
		    out, outsz);
	}
	if (strcasecmp(req->verb, "EXEC-CLI") == 0)
		return mdap_ant_exec(ant, req, requester, now, out, outsz);
	mdap_ant_reply_init(ant, req, &rep);
	mdap_ant_add_identity(ant, &rep);
	mdap_ant_add_versions(ant, &rep);
	mdap_msg_add(&rep, "SEQ-NR", "1-DONE");
	mdap_msg_add(&rep, "TO-HOST", requester);
	return mdap_ant_emit(ant, &rep, true, out, outsz);
}
