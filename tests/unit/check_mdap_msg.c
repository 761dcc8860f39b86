/*
 * check_mdap_msg.c: the MDAP codec against the verified vectors of
 * MDAP.md (appendix), the BTHH sample, error codes and both
 * acknowledgement forms.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mdap_msg.h"
#include "tests/unit/ck_run.h"

struct vector {
	const char	*frame;
	unsigned	 xx;
};

static const struct vector vectors[] = {
	{ "ANT-SEARCH MDAP/1.1\r\n", 0x46 },
	{ "ANT-SEARCH MDAP/1.2\r\n", 0x45 },
	{ "INFO MDAP/1.2\r\nSEQ-NR:1\r\nTO-ANT:0644JTHJ4\r\n"
	  "USER-ID:Administrator\r\nUSER-PWD:\r\n", 0x22 },
	{ "INFO MDAP/1.2\r\nSEQ-NR:1\r\nTO-ANT:0644JTHJ4\r\n"
	  "USER-ID:Administrator\r\n", 0x60 },
	{ "EXEC-CLI MDAP/1.2\r\nCLI-CMD:system config led=flash\r\n"
	  "SEQ-NR:1\r\nTO-ANT:0644JTHJ4\r\nUSER-ID:Administrator\r\n"
	  "USER-PWD:\r\n", 0x6F },
	{ "EXEC-CLI MDAP/1.2\r\nCLI-CMD:software upgrade\r\nSEQ-NR:1\r\n"
	  "TO-ANT:0644JTHJ4\r\nUSER-ID:Administrator\r\nUSER-PWD:\r\n", 0x1F },
	{ "EXEC-CLI MDAP/1.2\r\nSEQ-NR:2\r\nTO-ANT:0644JTHJ4\r\n"
	  "USER-ID:Administrator\r\nUSER-PWD:\r\n", 0x5F },
	{ "", 0x00 },
};

static const char bthh[] = "REPLY-ANT-SEARCH MDAP/1.1\r\n"
    "ANT-ID:0633EHPSL\r\n"
    "ANT-NAME:SpeedTouch BTHH\r\n"
    "ANT-MAC:00-14-7F-AA-BB-CC\r\n"
    "ANT-HOSTSETUP:auto\r\n"
    "TO-HOST:192.168.1.70:2317\r\n"
    "TP-VERSION:2.0.0\r\n"
    "MDAP-VERSION:1.2\r\n";

START_TEST(test_checksum_matches_published_vectors)
{
	const struct vector *v = &vectors[_i];

	ck_assert_uint_eq(mdap_checksum(v->frame, strlen(v->frame)), v->xx);
}
END_TEST

START_TEST(test_checksum_of_bthh_sample_recomputes_to_35)
{
	ck_assert_uint_eq(mdap_checksum(bthh, strlen(bthh)), 0x35);
}
END_TEST

START_TEST(test_decode_bthh_reply_fields)
{
	static struct mdap_msg	m;
	char			frame[1024];
	const char		*err = NULL;

	snprintf(frame, sizeof(frame), "%s43", bthh);
	ck_assert_int_eq(mdap_msg_decode(frame, strlen(frame), &m, &err), 0);
	ck_assert(m.reply);
	ck_assert_str_eq(m.verb, "ANT-SEARCH");
	ck_assert_str_eq(m.version, "1.1");
	ck_assert_uint_eq(m.nheaders, 7);
	ck_assert_str_eq(mdap_msg_get(&m, "ant-id"), "0633EHPSL");
	ck_assert_str_eq(mdap_msg_get(&m, "ANT-MAC"), "00-14-7F-AA-BB-CC");
	/* Split on the first colon only: the port survives. */
	ck_assert_str_eq(mdap_msg_get(&m, "TO-HOST"), "192.168.1.70:2317");
	/* The anonymised sample's printed checksum does not verify. */
	ck_assert_uint_eq(m.checksum, 0x43);
	ck_assert(!m.checksum_ok);
	ck_assert(!m.has_payload);
}
END_TEST

START_TEST(test_encode_exec_cli_matches_vector)
{
	static struct mdap_msg	m;
	char			out[MDAP_FRAME_MAX];
	const char		*err = NULL;
	int			n;

	mdap_msg_init(&m, false, "EXEC-CLI", "1.2");
	mdap_msg_add(&m, "CLI-CMD", "system config led=flash");
	mdap_msg_add(&m, "SEQ-NR", "1");
	mdap_msg_add(&m, "TO-ANT", "0644JTHJ4");
	mdap_msg_add(&m, "USER-ID", "Administrator");
	mdap_msg_add(&m, "USER-PWD", "");
	n = mdap_msg_encode(&m, out, sizeof(out), &err);
	ck_assert_int_gt(n, 2);
	out[n] = '\0';
	ck_assert_str_eq(out + n - 2, "6F");
	ck_assert_int_eq(strncmp(out, vectors[4].frame, strlen(vectors[4].frame)),
	    0);
}
END_TEST

START_TEST(test_round_trip_reply_with_payload)
{
	static struct mdap_msg	m, d;
	char			out[MDAP_FRAME_MAX];
	const char		*err = NULL, *text = "line one\r\nline two\r\n";
	int			n;

	mdap_msg_init(&m, true, "EXEC-CLI", "1.2");
	mdap_msg_add(&m, "ANT-ID", "0644JTHJ4");
	mdap_msg_add(&m, "SEQ-NR", "1");
	mdap_msg_set_payload(&m, text, strlen(text));
	n = mdap_msg_encode(&m, out, sizeof(out), &err);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(mdap_msg_decode(out, (size_t)n, &d, &err), 0);
	ck_assert(d.checksum_ok);
	ck_assert(d.reply);
	ck_assert(d.has_payload);
	ck_assert_str_eq(d.payload, text);
	ck_assert_str_eq(mdap_msg_get(&d, "SEQ-NR"), "1");
}
END_TEST

START_TEST(test_decode_strips_double_checksum_on_done)
{
	static struct mdap_msg	d;
	char			frame[256];
	size_t			len;
	const char		*err = NULL;

	len = (size_t)snprintf(frame, sizeof(frame),
	    "REPLY-EXEC-CLI MDAP/1.2\r\nANT-ID:0644JTHJ4\r\nSEQ-NR:2-DONE\r\n"
	    "\r\nok\r\n");
	len += (size_t)snprintf(frame + len, sizeof(frame) - len, "%02X",
	    mdap_checksum(frame, len));
	len += (size_t)snprintf(frame + len, sizeof(frame) - len, "%02X",
	    mdap_checksum(frame, len));
	ck_assert_int_eq(mdap_msg_decode(frame, len, &d, &err), 0);
	ck_assert(d.checksum_ok);
	ck_assert(d.inner_checksum);
	ck_assert_str_eq(d.payload, "ok\r\n");
}
END_TEST

START_TEST(test_decode_keeps_hex_output_that_is_not_a_checksum)
{
	static struct mdap_msg	d;
	char			frame[256];
	size_t			len;
	const char		*err = NULL;

	/* Output ending in "FF" that is not the XOR of what precedes it. */
	len = (size_t)snprintf(frame, sizeof(frame),
	    "REPLY-EXEC-CLI MDAP/1.2\r\nSEQ-NR:1-DONE\r\n\r\nmask FF");
	if (mdap_checksum(frame, len - 2) == 0xFF)
		frame[len - 3] = '_';
	len += (size_t)snprintf(frame + len, sizeof(frame) - len, "%02X",
	    mdap_checksum(frame, len));
	ck_assert_int_eq(mdap_msg_decode(frame, len, &d, &err), 0);
	ck_assert(!d.inner_checksum);
	ck_assert_uint_eq(d.payload_len, 7);
}
END_TEST

static const char *bad_frames[] = {
	"ANT-SEARCH MDAP/1.1\r\n4",		/* one hex digit */
	"ANT-SEARCH MDAP/1.1\r\nZZ",		/* not hex */
	"ANT-SEARCH MDAP/1.146",		/* no CRLF after the line */
	"ANT-SEARCH\r\n46",			/* no protocol */
	"ANT-SEARCH HTTP/1.1\r\n46",		/* wrong protocol */
	"INFO MDAP/1.2\r\nSEQ-NR 1\r\n00",	/* header without colon */
	"INFO MDAP/1.2\r\nSEQ-NR:1",		/* header not terminated */
	"INFO MDAP/1.2\r\n:x\r\n00",		/* empty header name */
	"",
};

START_TEST(test_decode_rejects_malformed_frames)
{
	static struct mdap_msg	d;
	const char		*err = NULL;
	const char		*f = bad_frames[_i];

	ck_assert_int_eq(mdap_msg_decode(f, strlen(f), &d, &err), -1);
	ck_assert_ptr_nonnull(err);
}
END_TEST

START_TEST(test_decode_rejects_too_many_headers)
{
	static struct mdap_msg	d;
	char			frame[MDAP_FRAME_MAX];
	size_t			len;
	const char		*err = NULL;
	int			i;

	len = (size_t)snprintf(frame, sizeof(frame), "INFO MDAP/1.2\r\n");
	for (i = 0; i < MDAP_HEADERS_MAX + 1; i++)
		len += (size_t)snprintf(frame + len, sizeof(frame) - len,
		    "K%d:v\r\n", i);
	len += (size_t)snprintf(frame + len, sizeof(frame) - len, "00");
	ck_assert_int_eq(mdap_msg_decode(frame, len, &d, &err), -1);
	ck_assert_str_eq(err, "too many header lines");
}
END_TEST

START_TEST(test_decode_rejects_oversized_frame)
{
	static struct mdap_msg	d;
	static char		frame[MDAP_FRAME_MAX + 10];
	const char		*err = NULL;

	memset(frame, 'A', sizeof(frame));
	ck_assert_int_eq(mdap_msg_decode(frame, sizeof(frame), &d, &err), -1);
	ck_assert_str_eq(err, "frame too large");
}
END_TEST

START_TEST(test_add_refuses_crlf_in_values)
{
	static struct mdap_msg	m;

	mdap_msg_init(&m, false, "EXEC-CLI", "1.2");
	ck_assert_int_eq(mdap_msg_add(&m, "CLI-CMD", "a\r\nUSER-ID:x"), -1);
	ck_assert_int_eq(mdap_msg_add(&m, "A:B", "x"), -1);
	ck_assert_uint_eq(m.nheaders, 0);
}
END_TEST

START_TEST(test_seqnr_forms_and_errors)
{
	long	n;
	bool	done;

	ck_assert_int_eq(mdap_seqnr_parse("3", &n, &done), 0);
	ck_assert_int_eq(n, 3);
	ck_assert(!done);
	ck_assert_int_eq(mdap_seqnr_parse("2-DONE", &n, &done), 0);
	ck_assert_int_eq(n, 2);
	ck_assert(done);
	ck_assert_int_eq(mdap_seqnr_parse("DONE", &n, &done), 0);
	ck_assert(done);
	ck_assert_int_eq(mdap_seqnr_parse("-1", &n, &done), 0);
	ck_assert_int_eq(n, -1);
	ck_assert_int_eq(mdap_seqnr_parse("x", &n, &done), -1);
	ck_assert_str_eq(mdap_seqnr_error(-1), "invalid credentials");
	ck_assert_str_eq(mdap_seqnr_error(-2),
	    "invalid SEQ-NR (out of sequence)");
	ck_assert_str_eq(mdap_seqnr_error(-3), "invalid command");
	ck_assert_str_eq(mdap_seqnr_error(-5), "malformed message");
	ck_assert_str_eq(mdap_seqnr_error(-4), "unknown MDAP error");
	ck_assert_ptr_null(mdap_seqnr_error(1));
}
END_TEST

START_TEST(test_ack_without_cli_cmd_decodes)
{
	static struct mdap_msg	d;
	char			frame[256];
	const char		*err = NULL;

	snprintf(frame, sizeof(frame), "%s5F", vectors[6].frame);
	ck_assert_int_eq(mdap_msg_decode(frame, strlen(frame), &d, &err), 0);
	ck_assert(d.checksum_ok);
	ck_assert_ptr_null(mdap_msg_get(&d, "CLI-CMD"));
	ck_assert_str_eq(mdap_msg_get(&d, "SEQ-NR"), "2");
}
END_TEST

static Suite *
mdap_msg_suite(void)
{
	Suite	*s = suite_create("mdap_msg");
	TCase	*tc;

	tc = tcase_create("checksum");
	tcase_add_loop_test(tc, test_checksum_matches_published_vectors, 0,
	    sizeof(vectors) / sizeof(vectors[0]));
	tcase_add_test(tc, test_checksum_of_bthh_sample_recomputes_to_35);
	suite_add_tcase(s, tc);
	tc = tcase_create("decode");
	tcase_add_test(tc, test_decode_bthh_reply_fields);
	tcase_add_test(tc, test_decode_strips_double_checksum_on_done);
	tcase_add_test(tc, test_decode_keeps_hex_output_that_is_not_a_checksum);
	tcase_add_loop_test(tc, test_decode_rejects_malformed_frames, 0,
	    sizeof(bad_frames) / sizeof(bad_frames[0]));
	tcase_add_test(tc, test_decode_rejects_too_many_headers);
	tcase_add_test(tc, test_decode_rejects_oversized_frame);
	tcase_add_test(tc, test_ack_without_cli_cmd_decodes);
	suite_add_tcase(s, tc);
	tc = tcase_create("encode");
	tcase_add_test(tc, test_encode_exec_cli_matches_vector);
	tcase_add_test(tc, test_round_trip_reply_with_payload);
	tcase_add_test(tc, test_add_refuses_crlf_in_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("seqnr");
	tcase_add_test(tc, test_seqnr_forms_and_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(mdap_msg_suite());
}
