/*
 * cwmp_dump.c: decodes CWMP messages from files and prints a stable
 * "key: value" summary that tests/corpus/check_codec.sh and the shell
 * tests assert on; with -e it re-encodes the message instead and prints
 * the XML (for xmllint).  Files that start with an HTTP request or status
 * line have their headers stripped, and a chunked body is de-chunked.  It
 * is a test helper, not an installed program.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"

static void
usage(void)
{
	fprintf(stderr, "usage: cwmp_dump [-e ns] file ...\n");
	exit(2);
}

static int
read_file(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;
	int	 rv = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) == -1)
			rv = -1;
	if (ferror(f))
		rv = -1;
	fclose(f);
	return rv;
}

/* De-chunks b's data from p on (RFC 9112 7.1) into out. */
static int
dechunk(const char *p, const char *end, struct buf *out)
{
	char		*e;
	unsigned long	 n;

	while (p < end) {
		n = strtoul(p, &e, 16);
		if (e == p)
			return -1;
		if ((p = memchr(e, '\n', end - e)) == NULL)
			return -1;
		p++;
		if (n == 0)
			return 0;
		if (n > (unsigned long)(end - p))
			return -1;
		buf_add(out, p, n);
		p += n;
		while (p < end && (*p == '\r' || *p == '\n'))
			p++;
	}
	return 0;
}

/* Leaves only the SOAP body of an HTTP capture in body. */
static int
http_body(const struct buf *in, struct buf *body)
{
	const char	*p = in->data, *end = in->data + in->len, *h;
	bool		 chunked;

	if (in->len < 5 || (strncmp(p, "POST ", 5) != 0 &&
	    strncmp(p, "HTTP/", 5) != 0))
		return buf_add(body, in->data, in->len);
	/* Headers end at the first empty line (CRLF or LF). */
	for (h = p; h < end; h++) {
		if (*h != '\n')
			continue;
		if (h + 1 < end && h[1] == '\n') {
			h += 2;
			break;
		}
		if (h + 2 < end && h[1] == '\r' && h[2] == '\n') {
			h += 3;
			break;
		}
	}
	chunked = memmem(p, h - p, "chunked", 7) != NULL;
	if (chunked)
		return dechunk(h, end, body);
	return buf_add(body, h, end - h);
}

static void
pstr(const char *key, const char *v)
{
	const char	*p;

	printf("%s: ", key);
	if (v == NULL) {
		printf("(absent)\n");
		return;
	}
	for (p = v; *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\r')
			fputs("\\r", stdout);
		else
			putchar(*p);
	}
	putchar('\n');
}

static void
pnum(const char *key, long long v)
{
	printf("%s: %lld\n", key, v);
}

static void
print_header(const struct cwmp_msg *m)
{
	printf("method: %s\n", m->method == CWMP_UNKNOWN ? m->method_name :
	    m->method == CWMP_EMPTY ? "(empty)" : cwmp_method_name(m->method));
	if (m->ns == CWMP_NS_NONE)
		printf("ns: none\n");
	else
		printf("ns: 1-%d\n", m->ns);
	pstr("id", m->hdr.id);
	pnum("hold_requests", m->hdr.hold_requests);
	pnum("no_more_requests", m->hdr.no_more_requests);
	pnum("session_timeout", m->hdr.session_timeout);
	pstr("supported_versions", m->hdr.supported_versions);
	pstr("use_version", m->hdr.use_version);
}

static void
print_values(const char *what, const struct cwmp_param_values *l)
{
	char	key[64];
	size_t	i;

	printf("%s: %zu\n", what, l->n);
	for (i = 0; i < l->n; i++) {
		snprintf(key, sizeof(key), "%s[%zu].name", what, i);
		pstr(key, l->v[i].name);
		snprintf(key, sizeof(key), "%s[%zu].type", what, i);
		pstr(key, l->v[i].type);
		snprintf(key, sizeof(key), "%s[%zu].value", what, i);
		pstr(key, l->v[i].value);
	}
}

static void
print_strlist(const char *what, const struct cwmp_strlist *l)
{
	char	key[64];
	size_t	i;

	printf("%s: %zu\n", what, l->n);
	for (i = 0; i < l->n; i++) {
		snprintf(key, sizeof(key), "%s[%zu]", what, i);
		pstr(key, l->v[i]);
	}
}

static void
print_inform(const struct cwmp_inform *in)
{
	size_t	i;
	char	key[64];

	pstr("manufacturer", in->device_id.manufacturer);
	pstr("oui", in->device_id.oui);
	pstr("product_class", in->device_id.product_class);
	pstr("serial_number", in->device_id.serial_number);
	printf("events: %zu\n", in->events.n);
	for (i = 0; i < in->events.n; i++) {
		snprintf(key, sizeof(key), "event[%zu]", i);
		pstr(key, in->events.v[i].code);
		snprintf(key, sizeof(key), "event[%zu].command_key", i);
		pstr(key, in->events.v[i].command_key);
	}
	pnum("max_envelopes", in->max_envelopes);
	pstr("current_time", in->current_time);
	pnum("retry_count", in->retry_count);
	print_values("param", &in->params);
}

static void
print_fault(const struct cwmp_fault *f)
{
	size_t	i;
	char	key[64];

	pstr("faultcode", f->soap_code);
	pstr("faultstring", f->soap_string);
	pnum("fault_code", f->code);
	pstr("fault_string", f->string);
	printf("spv_faults: %zu\n", f->nspv);
	for (i = 0; i < f->nspv; i++) {
		snprintf(key, sizeof(key), "spv_fault[%zu]", i);
		printf("%s: %s %d %s\n", key, f->spv[i].name, f->spv[i].code,
		    f->spv[i].string);
	}
}

static void
print_attrs(const struct cwmp_param_attrs *l)
{
	size_t	i, j;

	printf("attrs: %zu\n", l->n);
	for (i = 0; i < l->n; i++) {
		printf("attr[%zu]: %s notification=%d change=%d/%d access=",
		    i, l->v[i].name, l->v[i].notification,
		    l->v[i].notification_change, l->v[i].access_list_change);
		for (j = 0; j < l->v[i].access_list.n; j++)
			printf("%s%s", j > 0 ? "," : "",
			    l->v[i].access_list.v[j]);
		putchar('\n');
	}
}

static void
print_infos(const struct cwmp_param_infos *l)
{
	size_t	i;

	printf("names: %zu\n", l->n);
	for (i = 0; i < l->n; i++)
		printf("name[%zu]: %s writable=%d\n", i, l->v[i].name,
		    l->v[i].writable);
}

static void
print_download(const struct cwmp_download *d)
{
	pstr("command_key", d->command_key);
	pstr("file_type", d->file_type);
	pstr("url", d->url);
	pstr("username", d->username);
	pstr("password", d->password);
	pnum("file_size", (long long)d->file_size);
	pstr("target_file_name", d->target_file_name);
	pnum("delay_seconds", d->delay_seconds);
	pstr("success_url", d->success_url);
	pstr("failure_url", d->failure_url);
}

static void
print_transfers(const struct cwmp_transfers *l)
{
	size_t	i;

	printf("transfers: %zu\n", l->n);
	for (i = 0; i < l->n; i++)
		printf("transfer[%zu]: %s state=%d download=%d type=%s "
		    "size=%llu target=%s\n", i, l->v[i].command_key,
		    l->v[i].state, l->v[i].is_download,
		    l->v[i].file_type != NULL ? l->v[i].file_type : "",
		    l->v[i].file_size, l->v[i].target_file_name != NULL ?
		    l->v[i].target_file_name : "");
}

static void
print_tc(const struct cwmp_msg *m)
{
	pstr("command_key", m->tc.command_key);
	pnum("fault_code", m->tc.fault.code);
	pstr("fault_string", m->tc.fault.string);
	pstr("start_time", m->tc.start_time);
	pstr("complete_time", m->tc.complete_time);
}

static void
print_atc(const struct cwmp_autonomous_transfer_complete *a)
{
	pstr("announce_url", a->announce_url);
	pstr("transfer_url", a->transfer_url);
	pnum("is_download", a->is_download);
	pstr("file_type", a->file_type);
	pnum("file_size", (long long)a->file_size);
	pstr("target_file_name", a->target_file_name);
	pnum("fault_code", a->fault.code);
	pstr("fault_string", a->fault.string);
	pstr("start_time", a->start_time);
	pstr("complete_time", a->complete_time);
}

static void
print_sd(const struct cwmp_schedule_download *s)
{
	size_t	i;

	pstr("command_key", s->command_key);
	pstr("file_type", s->file_type);
	pstr("url", s->url);
	pnum("file_size", (long long)s->file_size);
	pstr("target_file_name", s->target_file_name);
	printf("windows: %zu\n", s->nwindows);
	for (i = 0; i < s->nwindows; i++)
		printf("window[%zu]: %llu-%llu mode=%s message=%s retries=%d\n",
		    i, s->windows[i].window_start, s->windows[i].window_end,
		    s->windows[i].window_mode, s->windows[i].user_message,
		    s->windows[i].max_retries);
}

static void
print_du(const struct cwmp_msg *m)
{
	const struct cwmp_du_op		*o;
	const struct cwmp_du_result	*r;
	size_t				 i;

	pstr("command_key", m->method == CWMP_CHANGE_DU_STATE ?
	    m->change_du_state.command_key : m->dscc.command_key);
	printf("operations: %zu\n", m->change_du_state.ops.n);
	for (i = 0; i < m->change_du_state.ops.n; i++) {
		o = &m->change_du_state.ops.v[i];
		printf("op[%zu]: kind=%d url=%s uuid=%s version=%s env=%s\n",
		    i, o->kind, o->url, o->uuid, o->version,
		    o->execution_env_ref);
	}
	printf("results: %zu\n", m->dscc.results.n);
	for (i = 0; i < m->dscc.results.n; i++) {
		r = &m->dscc.results.v[i];
		printf("result[%zu]: uuid=%s state=%s resolved=%d fault=%d "
		    "op=%s\n", i, r->uuid, r->current_state, r->resolved,
		    r->fault.code, r->operation_performed);
	}
}

static void
print_object(const struct cwmp_msg *m)
{
	const struct cwmp_object *o = m->method == CWMP_ADD_OBJECT ?
	    &m->add_object : &m->delete_object;

	pstr("object_name", o->object_name);
	pstr("parameter_key", o->parameter_key);
}

static void
print_msg(const struct cwmp_msg *m)
{
	print_header(m);
	switch (m->method) {
	case CWMP_FAULT:
		print_fault(&m->fault);
		break;
	case CWMP_INFORM:
		print_inform(&m->inform);
		break;
	case CWMP_INFORM_RESPONSE:
		pnum("max_envelopes", m->inform_resp_max_envelopes);
		break;
	case CWMP_GET_RPC_METHODS_RESPONSE:
		print_strlist("methods", &m->methods);
		break;
	case CWMP_TRANSFER_COMPLETE:
		print_tc(m);
		break;
	case CWMP_AUTONOMOUS_TRANSFER_COMPLETE:
		print_atc(&m->atc);
		break;
	case CWMP_REQUEST_DOWNLOAD:
		pstr("file_type", m->request_download.file_type);
		print_values("arg", &m->request_download.args);
		break;
	case CWMP_KICKED:
		pstr("command", m->kicked.command);
		pstr("referer", m->kicked.referer);
		pstr("arg", m->kicked.arg);
		pstr("next", m->kicked.next);
		break;
	case CWMP_KICKED_RESPONSE:
		pstr("next_url", m->kicked_next_url);
		break;
	case CWMP_DU_STATE_CHANGE_COMPLETE:
	case CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE:
	case CWMP_CHANGE_DU_STATE:
		print_du(m);
		break;
	case CWMP_GET_PARAMETER_NAMES:
		pstr("parameter_path", m->gpn.parameter_path);
		pnum("next_level", m->gpn.next_level);
		break;
	case CWMP_GET_PARAMETER_NAMES_RESPONSE:
		print_infos(&m->gpn_resp);
		break;
	case CWMP_GET_PARAMETER_VALUES:
		print_strlist("names", &m->gpv.names);
		break;
	case CWMP_GET_PARAMETER_ATTRIBUTES:
		print_strlist("names", &m->gpa.names);
		break;
	case CWMP_GET_PARAMETER_VALUES_RESPONSE:
		print_values("param", &m->gpv_resp);
		break;
	case CWMP_SET_PARAMETER_VALUES:
		print_values("param", &m->spv.params);
		pstr("parameter_key", m->spv.parameter_key);
		break;
	case CWMP_SET_PARAMETER_VALUES_RESPONSE:
		pnum("status", m->spv_resp_status);
		break;
	case CWMP_GET_PARAMETER_ATTRIBUTES_RESPONSE:
		print_attrs(&m->gpa_resp);
		break;
	case CWMP_SET_PARAMETER_ATTRIBUTES:
		print_attrs(&m->spa);
		break;
	case CWMP_ADD_OBJECT:
	case CWMP_DELETE_OBJECT:
		print_object(m);
		break;
	case CWMP_ADD_OBJECT_RESPONSE:
	case CWMP_DELETE_OBJECT_RESPONSE:
		pnum("instance_number", m->object_resp.instance_number);
		pnum("status", m->object_resp.status);
		break;
	case CWMP_REBOOT:
		pstr("command_key", m->reboot_command_key);
		break;
	case CWMP_DOWNLOAD:
	case CWMP_UPLOAD:
		print_download(&m->download);
		break;
	case CWMP_DOWNLOAD_RESPONSE:
	case CWMP_UPLOAD_RESPONSE:
		pnum("status", m->transfer_resp.status);
		pstr("start_time", m->transfer_resp.start_time);
		pstr("complete_time", m->transfer_resp.complete_time);
		break;
	case CWMP_SCHEDULE_INFORM:
		pnum("delay_seconds", m->schedule_inform.delay_seconds);
		pstr("command_key", m->schedule_inform.command_key);
		break;
	case CWMP_GET_QUEUED_TRANSFERS_RESPONSE:
	case CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE:
		print_transfers(&m->transfers);
		break;
	case CWMP_SCHEDULE_DOWNLOAD:
		print_sd(&m->schedule_download);
		break;
	case CWMP_CANCEL_TRANSFER:
		pstr("command_key", m->cancel_command_key);
		break;
	default:
		break;
	}
}

static int
dump_one(const char *path, int encode_ns)
{
	struct buf	 raw, body, out;
	struct cwmp_msg	 m;
	const char	*errstr = NULL;
	int		 rv = 1;

	buf_init(&raw, CWMP_BODY_MAX * 2);
	buf_init(&body, CWMP_BODY_MAX * 2);
	buf_init(&out, CWMP_BODY_MAX);
	if (read_file(path, &raw) == -1 || http_body(&raw, &body) == -1) {
		fprintf(stderr, "%s: cannot read or de-chunk\n", path);
		goto done;
	}
	if (cwmp_msg_decode(body.data, body.len, &m, &errstr) == -1) {
		printf("error: %s\n", errstr);
		cwmp_msg_clear(&m);
		goto done;
	}
	if (encode_ns >= 0) {
		if (cwmp_msg_encode(&m, encode_ns, &out) == -1)
			fprintf(stderr, "%s: encode failed\n", path);
		else {
			fwrite(out.data, 1, out.len, stdout);
			rv = 0;
		}
	} else {
		print_msg(&m);
		rv = 0;
	}
	cwmp_msg_clear(&m);
done:
	buf_clear(&raw);
	buf_clear(&body);
	buf_clear(&out);
	return rv;
}

int
main(int argc, char *argv[])
{
	const char	*errstr;
	int		 ch, i, rv = 0, encode_ns = -1;

	while ((ch = getopt(argc, argv, "e:")) != -1) {
		switch (ch) {
		case 'e':
			encode_ns = strtonum(optarg, 0, CWMP_NS_MAX, &errstr);
			if (errstr != NULL)
				usage();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	for (i = 0; i < argc; i++) {
		if (argc > 1 && encode_ns < 0)
			printf("file: %s\n", argv[i]);
		if (dump_one(argv[i], encode_ns) != 0)
			rv = 1;
	}
	return rv;
}
