/*
 * yaml_doc_write.c: the writing half of yaml_doc: a libyaml emitter into
 * memory with a sticky error, string quoting that keeps strings strings,
 * and !!binary for bytes that are not UTF-8.  It does not write files
 * (fileio_replace() does).
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "lib/buf.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "lib/yaml_doc.h"
#include "lib/yaml_doc_int.h"

struct yaml_doc_writer {
	yaml_emitter_t	 emitter;
	struct buf	 out;
	bool		 failed;
	bool		 finished;
	int		 depth;
	bool		 root_done;
	char		 stack[YAML_DOC_DEPTH_MAX + 1];	/* 'm' or 's' */
};

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
yaml_doc_b64_encode(const void *data, size_t len)
{
	const unsigned char	*p = data;
	char			*out, *o;
	size_t			 i;
	unsigned int		 v;

	out = o = xmalloc((len + 2) / 3 * 4 + 1);
	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned int)p[i] << 16 | (unsigned int)p[i + 1] << 8 |
		    p[i + 2];
		*o++ = b64chars[v >> 18 & 63];
		*o++ = b64chars[v >> 12 & 63];
		*o++ = b64chars[v >> 6 & 63];
		*o++ = b64chars[v & 63];
	}
	if (i < len) {
		v = (unsigned int)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned int)p[i + 1] << 8;
		*o++ = b64chars[v >> 18 & 63];
		*o++ = b64chars[v >> 12 & 63];
		*o++ = i + 1 < len ? b64chars[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static int
b64_value(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(b64chars, c)) == NULL)
		return -1;
	return (int)(p - b64chars);
}

char *
yaml_doc_b64_decode(const char *s, size_t len, size_t *outlen)
{
	char		*out;
	size_t		 i, n = 0, pad = 0;
	unsigned int	 acc = 0, bits = 0;
	int		 v;

	out = xmalloc(len / 4 * 3 + 4);
	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' ||
		    s[i] == '\t')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = b64_value(s[i])) == -1)
			goto fail;
		acc = (acc << 6 | (unsigned int)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (char)(acc >> bits & 0xff);
		}
	}
	if (pad > 2 || bits >= 6)
		goto fail;
	out[n] = '\0';
	*outlen = n;
	return out;
fail:
	free(out);
	return NULL;
}

bool
yaml_doc_utf8_valid(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, k;
	unsigned int		 cp;

	while (i < len) {
		if (s[i] == 0)
			return false;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = s[i] & 0x07;
		} else
			return false;
		if (i + n >= len)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfeff ||
		    cp == 0xfffe || cp == 0xffff)
			return false;
		i += n + 1;
	}
	return true;
}

static int
out_handler(void *data, unsigned char *buffer, size_t size)
{
	struct buf	*b = data;

	return buf_add(b, buffer, size) == 0;
}

static int
emit(struct yaml_doc_writer *w, yaml_event_t *ev, int ok)
{
	if (w->failed || !ok) {
		if (ok)
			yaml_event_delete(ev);
		w->failed = true;
		return -1;
	}
	if (!yaml_emitter_emit(&w->emitter, ev)) {
		w->failed = true;
		return -1;
	}
	return 0;
}

struct yaml_doc_writer *
yaml_doc_writer_new(void)
{
	struct yaml_doc_writer	*w;
	yaml_event_t		 ev;

	w = xcalloc(1, sizeof(*w));
	buf_init(&w->out, 0);
	if (!yaml_emitter_initialize(&w->emitter))
		fatalx("%s: out of memory", __func__);
	yaml_emitter_set_output(&w->emitter, out_handler, &w->out);
	yaml_emitter_set_unicode(&w->emitter, 1);
	yaml_emitter_set_width(&w->emitter, -1);
	yaml_emitter_set_indent(&w->emitter, 2);
	emit(w, &ev, yaml_stream_start_event_initialize(&ev,
	    YAML_UTF8_ENCODING));
	emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL,
	    NULL, 1));
	return w;
}

void
yaml_doc_writer_free(struct yaml_doc_writer *w)
{
	if (w == NULL)
		return;
	yaml_emitter_delete(&w->emitter);
	buf_clear(&w->out);
	free(w);
}

bool
yaml_doc_writer_failed(const struct yaml_doc_writer *w)
{
	return w->failed;
}

/* Checks that a node may start here and records it. */
static int
node_start(struct yaml_doc_writer *w)
{
	if (w->failed || w->finished || (w->depth == 0 && w->root_done)) {
		w->failed = true;
		return -1;
	}
	if (w->depth == 0)
		w->root_done = true;
	return 0;
}

static int
push(struct yaml_doc_writer *w, char kind)
{
	if (node_start(w) == -1 || w->depth >= YAML_DOC_DEPTH_MAX) {
		w->failed = true;
		return -1;
	}
	w->stack[w->depth++] = kind;
	return 0;
}

static int
pop(struct yaml_doc_writer *w, char kind)
{
	if (w->failed || w->depth == 0 || w->stack[w->depth - 1] != kind) {
		w->failed = true;
		return -1;
	}
	w->depth--;
	return 0;
}

static int
map_begin(struct yaml_doc_writer *w, yaml_mapping_style_t style)
{
	yaml_event_t	ev;

	if (push(w, 'm') == -1)
		return -1;
	return emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL,
	    NULL, 1, style));
}

int
yaml_doc_map_begin(struct yaml_doc_writer *w)
{
	return map_begin(w, YAML_BLOCK_MAPPING_STYLE);
}

int
yaml_doc_map_begin_flow(struct yaml_doc_writer *w)
{
	return map_begin(w, YAML_FLOW_MAPPING_STYLE);
}

int
yaml_doc_map_end(struct yaml_doc_writer *w)
{
	yaml_event_t	ev;

	if (pop(w, 'm') == -1)
		return -1;
	return emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

int
yaml_doc_seq_begin(struct yaml_doc_writer *w, bool flow)
{
	yaml_event_t	ev;

	if (push(w, 's') == -1)
		return -1;
	return emit(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL,
	    NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE :
	    YAML_BLOCK_SEQUENCE_STYLE));
}

int
yaml_doc_seq_end(struct yaml_doc_writer *w)
{
	yaml_event_t	ev;

	if (pop(w, 's') == -1)
		return -1;
	return emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

static int
scalar(struct yaml_doc_writer *w, const char *tag, const char *s, size_t len,
    bool implicit, yaml_scalar_style_t style)
{
	yaml_event_t	ev;

	if (node_start(w) == -1)
		return -1;
	if (len > (size_t)INT_MAX) {
		w->failed = true;
		return -1;
	}
	return emit(w, &ev, yaml_scalar_event_initialize(&ev, NULL,
	    (yaml_char_t *)(uintptr_t)tag, (yaml_char_t *)(uintptr_t)s,
	    (int)len, implicit, implicit, style));
}

/* True if a plain s would be read as something other than a string. */
static bool
looks_typed(const char *s, size_t len)
{
	static const char *const words[] = { "~", "null", "true", "false",
	    "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf",
	    ".nan", NULL };
	size_t	i;

	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return true;
	if ((s[0] == '-' || s[0] == '+' || s[0] == '.') && len > 1 &&
	    ((s[1] >= '0' && s[1] <= '9') || s[1] == '.'))
		return true;
	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == len && strncasecmp(s, words[i], len) ==
		    0)
			return true;
	return false;
}

int
yaml_doc_strn(struct yaml_doc_writer *w, const char *s, size_t len)
{
	yaml_scalar_style_t	 style;
	char			*b64;
	int			 rv;

	if (s == NULL)
		return scalar(w, NULL, "~", 1, true, YAML_PLAIN_SCALAR_STYLE);
	if (!yaml_doc_utf8_valid(s, len)) {
		b64 = yaml_doc_b64_encode(s, len);
		rv = scalar(w, YAML_BINARY_TAG, b64, strlen(b64), false,
		    YAML_PLAIN_SCALAR_STYLE);
		free(b64);
		return rv;
	}
	/* Keep multi-line values on one line, escaped. */
	if (memchr(s, '\n', len) != NULL || memchr(s, '\r', len) != NULL)
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else if (looks_typed(s, len))
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	else
		style = YAML_ANY_SCALAR_STYLE;
	return scalar(w, NULL, s, len, true, style);
}

int
yaml_doc_str(struct yaml_doc_writer *w, const char *s)
{
	return yaml_doc_strn(w, s, s != NULL ? strlen(s) : 0);
}

int
yaml_doc_plain(struct yaml_doc_writer *w, const char *s)
{
	return scalar(w, NULL, s, strlen(s), true, YAML_PLAIN_SCALAR_STYLE);
}

int
yaml_doc_int(struct yaml_doc_writer *w, long long v)
{
	char	num[32];

	snprintf(num, sizeof(num), "%lld", v);
	return yaml_doc_plain(w, num);
}

int
yaml_doc_uint(struct yaml_doc_writer *w, unsigned long long v)
{
	char	num[32];

	snprintf(num, sizeof(num), "%llu", v);
	return yaml_doc_plain(w, num);
}

int
yaml_doc_bool(struct yaml_doc_writer *w, bool v)
{
	return yaml_doc_plain(w, v ? "true" : "false");
}

int
yaml_doc_kv_str(struct yaml_doc_writer *w, const char *k, const char *v)
{
	if (yaml_doc_str(w, k) == -1)
		return -1;
	return yaml_doc_str(w, v);
}

int
yaml_doc_kv_int(struct yaml_doc_writer *w, const char *k, long long v)
{
	if (yaml_doc_str(w, k) == -1)
		return -1;
	return yaml_doc_int(w, v);
}

int
yaml_doc_kv_bool(struct yaml_doc_writer *w, const char *k, bool v)
{
	if (yaml_doc_str(w, k) == -1)
		return -1;
	return yaml_doc_bool(w, v);
}

char *
yaml_doc_writer_finish(struct yaml_doc_writer *w, size_t *lenp)
{
	yaml_event_t	ev;

	if (w->failed || w->finished || w->depth != 0 || !w->root_done) {
		w->failed = true;
		return NULL;
	}
	w->finished = true;
	if (emit(w, &ev, yaml_document_end_event_initialize(&ev, 1)) == -1 ||
	    emit(w, &ev, yaml_stream_end_event_initialize(&ev)) == -1 ||
	    !yaml_emitter_flush(&w->emitter)) {
		w->failed = true;
		return NULL;
	}
	if (w->out.data == NULL)
		buf_addstr(&w->out, "");
	return buf_release(&w->out, lenp);
}
