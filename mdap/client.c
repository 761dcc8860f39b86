/*
 * client.c: the controller's request engine.  A transaction is one INFO or
 * EXEC-CLI for one ant: it starts at SEQ-NR 1, acknowledges each positive
 * SEQ-NR n by asking for n+1 (without CLI-CMD, MDAP.md section 6), ends on
 * a SEQ-NR holding DONE or on a negative one, and is retransmitted after
 * retry_ms up to `retries` times.  At most `parallel` transactions wait at
 * once.  Replies to other requesters (TO-HOST) and from unknown ants are
 * recorded as discoveries, never taken as answers.  It does not print.
 */
#include "config.h"

#include <sys/time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "mdap/mdap.h"

static void	client_start_queued(struct mdap_ctl *);

void
client_init(struct mdap_ctl *ctl, struct event_base *base)
{
	ctl->base = base;
	ctl->fd = ctl->mcast_fd = -1;
	ctl->ants = xcalloc(MDAP_ANTS_MAX, sizeof(*ctl->ants));
	ctl->nants = 0;
	TAILQ_INIT(&ctl->queue);
}

void
client_clear(struct mdap_ctl *ctl)
{
	struct mdap_txn	*t;

	while ((t = TAILQ_FIRST(&ctl->queue)) != NULL) {
		TAILQ_REMOVE(&ctl->queue, t, entry);
		t->state = MDAP_TXN_FAILED;
		client_txn_free(t);
	}
	free(ctl->ants);
	ctl->ants = NULL;
}

const struct mdap_ant_rec *
client_find_ant(const struct mdap_ctl *ctl, const char *ant_id)
{
	size_t	i;

	for (i = 0; i < ctl->nants; i++)
		if (strcmp(ctl->ants[i].ant_id, ant_id) == 0)
			return &ctl->ants[i];
	return NULL;
}

static void
client_discovered(struct mdap_ctl *ctl, const struct mdap_msg *m,
    const char *src)
{
	struct mdap_ant_rec	*a;
	const char		*id = mdap_msg_get(m, "ANT-ID"), *v;

	if (id == NULL || *id == '\0')
		return;
	if ((a = (struct mdap_ant_rec *)client_find_ant(ctl, id)) == NULL) {
		if (ctl->nants >= MDAP_ANTS_MAX) {
			log_warnx("mdap: more than %d ants, ignoring %s",
			    MDAP_ANTS_MAX, id);
			return;
		}
		a = &ctl->ants[ctl->nants++];
		gettimeofday(&ctl->t_last_new, NULL);
		strlcpy(a->ant_id, id, sizeof(a->ant_id));
	}
	if ((v = mdap_msg_get(m, "ANT-NAME")) != NULL)
		strlcpy(a->name, v, sizeof(a->name));
	if ((v = mdap_msg_get(m, "ANT-MAC")) != NULL)
		strlcpy(a->mac, v, sizeof(a->mac));
	if ((v = mdap_msg_get(m, "TP-VERSION")) != NULL)
		strlcpy(a->tp_version, v, sizeof(a->tp_version));
	if ((v = mdap_msg_get(m, "MDAP-VERSION")) != NULL)
		strlcpy(a->mdap_version, v, sizeof(a->mdap_version));
	strlcpy(a->source, src, sizeof(a->source));
	if (ctl->on_discover != NULL)
		ctl->on_discover(a, ctl->discover_arg);
}

static void
client_build(const struct mdap_txn *t, struct mdap_msg *m)
{
	const struct mdap_conf	*c = &t->ctl->conf;
	char			 seq[24];

	mdap_msg_init(m, false, t->verb, "1.2");
	/* The order both independent clients use (MDAP.md section 4). */
	if (t->seq == 1 && t->cli_cmd[0] != '\0')
		mdap_msg_add(m, "CLI-CMD", t->cli_cmd);
	snprintf(seq, sizeof(seq), "%ld", t->seq);
	mdap_msg_add(m, "SEQ-NR", seq);
	mdap_msg_add(m, "TO-ANT", t->ant_id);
	mdap_msg_add(m, "USER-ID", t->user != NULL ? t->user : c->user);
	mdap_msg_add(m, "USER-PWD", t->password != NULL ? t->password :
	    c->password);
}

static void
client_finish(struct mdap_txn *t, enum mdap_txn_state state)
{
	struct mdap_ctl	*ctl = t->ctl;

	if (t->timer != NULL)
		evtimer_del(t->timer);
	t->state = state;
	TAILQ_REMOVE(&ctl->queue, t, entry);
	ctl->active--;
	if (t->done_cb != NULL)
		t->done_cb(t, t->done_arg);
	client_start_queued(ctl);
}

static void
client_send(struct mdap_txn *t)
{
	struct mdap_msg	*m = xmalloc(sizeof(*m));
	struct timeval	 tv;

	client_build(t, m);
	transport_send(t->ctl, m);
	free(m);
	tv.tv_sec = t->ctl->conf.retry_ms / 1000;
	tv.tv_usec = (t->ctl->conf.retry_ms % 1000) * 1000;
	evtimer_add(t->timer, &tv);
}

static void
client_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct mdap_txn	*t = arg;

	if (t->tries++ < t->ctl->conf.retries) {
		log_debug("%s: %s %s: retransmitting SEQ-NR %ld", __func__,
		    t->ant_id, t->verb, t->seq);
		client_send(t);
		return;
	}
	snprintf(t->error, sizeof(t->error), "timeout: no reply after %d "
	    "tries", t->tries);
	client_finish(t, MDAP_TXN_FAILED);
}

static void
client_start_queued(struct mdap_ctl *ctl)
{
	struct mdap_txn	*t;

	TAILQ_FOREACH(t, &ctl->queue, entry) {
		if (ctl->active >= ctl->conf.parallel)
			break;
		if (t->state != MDAP_TXN_QUEUED)
			continue;
		t->state = MDAP_TXN_WAITING;
		ctl->active++;
		client_send(t);
	}
}

struct mdap_txn *
client_request(struct mdap_ctl *ctl, const char *ant_id, const char *verb,
    const char *cli_cmd)
{
	struct mdap_txn	*t = xcalloc(1, sizeof(*t));

	t->ctl = ctl;
	strlcpy(t->ant_id, ant_id, sizeof(t->ant_id));
	strlcpy(t->verb, verb, sizeof(t->verb));
	if (cli_cmd != NULL)
		strlcpy(t->cli_cmd, cli_cmd, sizeof(t->cli_cmd));
	t->seq = 1;
	t->state = MDAP_TXN_QUEUED;
	t->timer = evtimer_new(ctl->base, client_timeout, t);
	buf_init(&t->output, 0);
	TAILQ_INSERT_TAIL(&ctl->queue, t, entry);
	client_start_queued(ctl);
	return t;
}

void
client_txn_free(struct mdap_txn *t)
{
	if (t == NULL)
		return;
	if (t->timer != NULL)
		event_free(t->timer);
	buf_clear(&t->output);
	free(t->info);
	free(t);
}

bool
client_idle(const struct mdap_ctl *ctl)
{
	return TAILQ_EMPTY(&ctl->queue);
}

static struct mdap_txn *
client_match(struct mdap_ctl *ctl, const struct mdap_msg *m)
{
	struct mdap_txn	*t;
	const char	*id = mdap_msg_get(m, "ANT-ID");

	if (id == NULL)
		return NULL;
	TAILQ_FOREACH(t, &ctl->queue, entry)
		if (t->state == MDAP_TXN_WAITING &&
		    strcmp(t->ant_id, id) == 0 &&
		    strcasecmp(t->verb, m->verb) == 0)
			return t;
	return NULL;
}

/* A reply naming another requester's port is not ours (section 3). */
static bool
client_is_for_us(const struct mdap_ctl *ctl, const struct mdap_msg *m)
{
	const char	*to = mdap_msg_get(m, "TO-HOST"), *colon;
	const char	*err;
	long long	 port;

	if (to == NULL || (colon = strrchr(to, ':')) == NULL)
		return true;
	port = strtonum(colon + 1, 1, 65535, &err);
	return err != NULL || port == ctl->local_port;
}

static void
client_reply(struct mdap_txn *t, const struct mdap_msg *m)
{
	const char	*seqs = mdap_msg_get(m, "SEQ-NR");
	long		 n;
	bool		 done;

	if (seqs == NULL || mdap_seqnr_parse(seqs, &n, &done) == -1) {
		snprintf(t->error, sizeof(t->error), "reply without SEQ-NR");
		client_finish(t, MDAP_TXN_FAILED);
		return;
	}
	if (n < 0) {
		t->error_code = n;
		snprintf(t->error, sizeof(t->error), "%s (%ld)",
		    mdap_seqnr_error(n), n);
		client_finish(t, MDAP_TXN_FAILED);
		return;
	}
	if (n != t->seq && !(done && n == 0))
		return;		/* a duplicate or a stale slice */
	if (m->has_payload)
		buf_add(&t->output, m->payload, m->payload_len);
	if (strcasecmp(t->verb, "INFO") == 0 && t->info == NULL) {
		t->info = xmalloc(sizeof(*t->info));
		*t->info = *m;
	}
	if (done) {
		client_finish(t, MDAP_TXN_DONE);
		return;
	}
	evtimer_del(t->timer);
	t->seq = n + 1;
	t->tries = 0;
	client_send(t);
}

void
client_datagram(struct mdap_ctl *ctl, const char *data, size_t len,
    const char *src)
{
	struct mdap_msg	*m = xmalloc(sizeof(*m));
	struct mdap_txn	*t;
	const char	*err;

	if (mdap_msg_decode(data, len, m, &err) == -1) {
		log_warnx("mdap: %s: bad frame: %s", src, err);
		goto done;
	}
	if (!m->reply)
		goto done;	/* our own request looped back, or a peer's */
	ctl->replies++;
	gettimeofday(&ctl->t_last_reply, NULL);
	if (!m->checksum_ok) {
		if (ctl->bad_checksums++ == 0)
			log_warnx("mdap: %s: checksum mismatch (%02X)%s", src,
			    m->checksum, ctl->conf.strict_checksum ?
			    ", dropped" : ", accepted");
		if (ctl->conf.strict_checksum)
			goto done;
	}
	if (strcasecmp(m->verb, "ANT-SEARCH") == 0 || !client_is_for_us(ctl,
	    m)) {
		if (!client_is_for_us(ctl, m))
			ctl->foreign++;
		client_discovered(ctl, m, src);
		goto done;
	}
	if ((t = client_match(ctl, m)) != NULL)
		client_reply(t, m);
	else
		client_discovered(ctl, m, src);
done:
	free(m);
}

int
client_search(struct mdap_ctl *ctl)
{
	struct mdap_msg	m;

	mdap_msg_init(&m, false, "ANT-SEARCH", "1.1");
	if (!timerisset(&ctl->t_first_send))
		gettimeofday(&ctl->t_first_send, NULL);
	return transport_send(ctl, &m);
}
