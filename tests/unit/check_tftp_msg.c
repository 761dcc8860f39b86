/*
 * check_tftp_msg.c: the TFTP codec: every opcode, the 512-byte request
 * limit, missing NULs, option case and repeats, out-of-range values,
 * block-number wrapping both ways, the name normaliser as a table, and
 * netascii in both directions.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lib/tftp_msg.h"
#include "tests/unit/ck_run.h"

static struct tftp_msg	m;
static const char	*err;

#define DECODE(lit) tftp_msg_decode((lit), sizeof(lit) - 1, &m, &err)

START_TEST(test_decode_rrq_with_options)
{
	static const char p[] = "\0\1//img.bli\0OcTeT\0BLKSIZE\0001468\0"
	    "tsize\0000\0blksize\0008\0windowsize\00016\0";
	struct tftp_reqopts	ro;

	ck_assert_int_eq(DECODE(p), 0);
	ck_assert_int_eq(m.op, TFTP_RRQ);
	ck_assert_str_eq(m.name, "//img.bli");
	ck_assert_str_eq(m.mode, "octet");
	ck_assert_uint_eq(m.nopts, 3);	/* repeated blksize dropped */
	ck_assert_str_eq(tftp_msg_opt(&m, "blksize"), "1468");
	tftp_msg_reqopts(&m, &ro);
	ck_assert_int_eq(ro.blksize, 1468);
	ck_assert_int_eq(ro.tsize, 0);
	ck_assert_int_eq(ro.windowsize, 16);
	ck_assert_int_eq(ro.timeout, -1);
}
END_TEST

START_TEST(test_reqopts_out_of_range_are_absent)
{
	static const char p[] = "\0\1f\0octet\0blksize\0007\0timeout\000256\0"
	    "windowsize\0000\0tsize\0-1\0rollover\0002\0";
	struct tftp_reqopts	ro;

	ck_assert_int_eq(DECODE(p), 0);
	tftp_msg_reqopts(&m, &ro);
	ck_assert_int_eq(ro.blksize, -1);
	ck_assert_int_eq(ro.timeout, -1);
	ck_assert_int_eq(ro.windowsize, -1);
	ck_assert_int_eq(ro.tsize, -1);
	ck_assert_int_eq(ro.rollover, -1);
}
END_TEST

START_TEST(test_reqopts_clamps_huge_blksize)
{
	static const char p[] = "\0\1f\0octet\0blksize\00099999\0";
	struct tftp_reqopts	ro;

	ck_assert_int_eq(DECODE(p), 0);
	tftp_msg_reqopts(&m, &ro);
	ck_assert_int_eq(ro.blksize, TFTP_BLKSIZE_MAX);
}
END_TEST

START_TEST(test_decode_rejects_missing_nul)
{
	ck_assert_int_eq(DECODE("\0\1file\0octet"), -1);
	ck_assert_int_eq(DECODE("\0\1file"), -1);
	ck_assert_int_eq(DECODE("\0\1f\0octet\0blksize\0"), -1);
	ck_assert_int_eq(DECODE("\0\1\0octet\0"), -1);
	ck_assert_ptr_nonnull(err);
}
END_TEST

START_TEST(test_decode_request_512_limit)
{
	uint8_t	p[600];

	memset(p, 'a', sizeof(p));
	p[0] = 0;
	p[1] = TFTP_RRQ;
	p[200] = '\0';
	memcpy(p + 201, "octet", 6);
	p[507] = 'x';
	p[508] = '\0';	/* option "aaa..x" */
	p[510] = 'y';
	p[511] = '\0';	/* value "ay": 512 bytes in all */
	ck_assert_int_eq(tftp_msg_decode(p, 512, &m, &err), 0);
	p[511] = 'y';
	p[512] = '\0';
	ck_assert_int_eq(tftp_msg_decode(p, 513, &m, &err), -1);
}
END_TEST

START_TEST(test_decode_data_ack_error_oack)
{
	static const char oack[] = "\0\6blksize\0001468\0";

	ck_assert_int_eq(DECODE("\0\3\377\376abc"), 0);
	ck_assert_int_eq(m.op, TFTP_DATA);
	ck_assert_uint_eq(m.block, 65534);
	ck_assert_uint_eq(m.datalen, 3);
	ck_assert_int_eq(memcmp(m.data, "abc", 3), 0);
	ck_assert_int_eq(DECODE("\0\4\0\0"), 0);
	ck_assert_int_eq(m.op, TFTP_ACK);
	ck_assert_uint_eq(m.block, 0);
	ck_assert_int_eq(DECODE("\0\5\0\1nope\0"), 0);
	ck_assert_uint_eq(m.code, 1);
	ck_assert_str_eq(m.errmsg, "nope");
	ck_assert_int_eq(DECODE("\0\5\0\2no nul"), 0);
	ck_assert_str_eq(m.errmsg, "no nul");
	ck_assert_int_eq(DECODE(oack), 0);
	ck_assert_str_eq(tftp_msg_opt(&m, "BLKSIZE"), "1468");
	ck_assert_int_eq(DECODE("\0\4\0"), -1);
	ck_assert_int_eq(DECODE("\0\7\0\0"), -1);
	ck_assert_int_eq(DECODE("\0"), -1);
}
END_TEST

START_TEST(test_encode_roundtrip)
{
	uint8_t			 buf[TFTP_REQUEST_MAX];
	struct tftp_opt		 o[2] = { { "blksize", "1468" },
		{ "windowsize", "16" } };
	int			 n;

	n = tftp_msg_encode_request(TFTP_WRQ, "up/x", "octet", o, 2, buf,
	    sizeof(buf));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(tftp_msg_decode(buf, (size_t)n, &m, &err), 0);
	ck_assert_int_eq(m.op, TFTP_WRQ);
	ck_assert_str_eq(tftp_msg_opt(&m, "windowsize"), "16");
	n = tftp_msg_encode_oack(o, 2, buf, sizeof(buf));
	ck_assert_int_eq(tftp_msg_decode(buf, (size_t)n, &m, &err), 0);
	ck_assert_uint_eq(m.nopts, 2);
	n = tftp_msg_encode_error(TFTP_EACCESS, "access violation", buf,
	    sizeof(buf));
	ck_assert_int_eq(tftp_msg_decode(buf, (size_t)n, &m, &err), 0);
	ck_assert_uint_eq(m.code, TFTP_EACCESS);
	ck_assert_int_eq(tftp_msg_encode_ack(65535, buf, sizeof(buf)), 4);
	ck_assert_int_eq(tftp_msg_decode(buf, 4, &m, &err), 0);
	ck_assert_uint_eq(m.block, 65535);
	ck_assert_int_eq(tftp_msg_encode_error(0, "too long", buf, 8), -1);
}
END_TEST

START_TEST(test_block_wrap_to_zero)
{
	ck_assert_uint_eq(tftp_block_wire(65535, 0), 65535);
	ck_assert_uint_eq(tftp_block_wire(65536, 0), 0);
	ck_assert_uint_eq(tftp_block_wire(65537, 0), 1);
	ck_assert_uint_eq(tftp_block_wire(131072, 0), 0);
	/* A window straddling the wrap. */
	ck_assert_uint_eq(tftp_block_match(65530, 16, 2, 0), 65538);
	ck_assert_uint_eq(tftp_block_match(65530, 16, 65535, 0), 65535);
	ck_assert_uint_eq(tftp_block_match(65530, 16, 65530, 0), 0);
	ck_assert_uint_eq(tftp_block_match(65530, 16, 65529, 0), 0);
	ck_assert_uint_eq(tftp_block_match(65530, 16, 11, 0), 0);
	ck_assert_uint_eq(tftp_block_match(0, 1, 1, 0), 1);
}
END_TEST

START_TEST(test_block_wrap_to_one)
{
	ck_assert_uint_eq(tftp_block_wire(65535, 1), 65535);
	ck_assert_uint_eq(tftp_block_wire(65536, 1), 1);
	ck_assert_uint_eq(tftp_block_wire(131070, 1), 65535);
	ck_assert_uint_eq(tftp_block_wire(131071, 1), 1);
	ck_assert_uint_eq(tftp_block_match(65534, 4, 1, 1), 65536);
	ck_assert_uint_eq(tftp_block_match(65534, 4, 0, 1), 0);
}
END_TEST

struct name_case {
	const char	*in;
	const char	*out;	/* NULL: refused */
};

static const struct name_case names[] = {
	{ "image.bli", "image.bli" },
	{ "/image.bli", "image.bli" },
	{ "//image.bli", "image.bli" },
	{ "./a//b/./c", "a/b/c" },
	{ "sub/", "sub" },
	{ "/", "" },
	{ ".", "" },
	{ "..", NULL },
	{ "../etc/passwd", NULL },
	{ "/../x", NULL },
	{ "sub/../../x", NULL },
	{ "sub/../small.bin", NULL },
	{ "a/..", NULL },
	{ "..a/b..", "..a/b.." },
	{ "bad\001name", NULL },
	{ "/srv/tftp/x", "srv/tftp/x" },
};

START_TEST(test_name_normalise_table)
{
	const struct name_case	*c = &names[_i];
	char			 out[TFTP_NAME_MAX + 1];
	int			 code = -1, rv;

	rv = tftp_name_normalise(c->in, false, false, out, sizeof(out),
	    &code, &err);
	if (c->out == NULL) {
		ck_assert_msg(rv == -1, "%s accepted as %s", c->in, out);
		ck_assert_int_eq(code, TFTP_EACCESS);
	} else {
		ck_assert_msg(rv == 0, "%s refused: %s", c->in, err);
		ck_assert_str_eq(out, c->out);
	}
}
END_TEST

START_TEST(test_name_backslash_and_case)
{
	char	out[64];
	int	code;

	ck_assert_int_eq(tftp_name_normalise("\\Boot\\PXE.0", true, true,
	    out, sizeof(out), &code, &err), 0);
	ck_assert_str_eq(out, "boot/pxe.0");
	ck_assert_int_eq(tftp_name_normalise("..\\x", true, false, out,
	    sizeof(out), &code, &err), -1);
	ck_assert_int_eq(tftp_name_normalise("abcdef", false, false, out, 4,
	    &code, &err), -1);
}
END_TEST

START_TEST(test_netascii_both_ways)
{
	static const uint8_t	text[] = "a\nb\rc\r\n";
	uint8_t			wire[32], back[32];
	size_t			n, m1, m2;
	bool			cr = false;

	n = tftp_netascii_encode(text, sizeof(text) - 1, wire);
	ck_assert_uint_eq(n, 11);
	ck_assert_int_eq(memcmp(wire, "a\r\nb\r\0c\r\0\r\n", 11), 0);
	/* Split in the middle of a CR NUL pair. */
	m1 = tftp_netascii_decode(wire, 5, back, &cr);
	ck_assert(cr);
	m2 = tftp_netascii_decode(wire + 5, n - 5, back + m1, &cr);
	ck_assert_uint_eq(m1 + m2, sizeof(text) - 1);
	ck_assert_int_eq(memcmp(back, text, m1 + m2), 0);
}
END_TEST

START_TEST(test_mode_names)
{
	enum tftp_mode	md;

	ck_assert_int_eq(tftp_msg_mode("NetASCII", &md), 0);
	ck_assert_int_eq(md, TFTP_MODE_NETASCII);
	ck_assert_int_eq(tftp_msg_mode("octet", &md), 0);
	ck_assert_int_eq(tftp_msg_mode("mail", &md), -1);
	ck_assert_str_eq(tftp_op_name(TFTP_OACK), "OACK");
	ck_assert_str_eq(tftp_op_name(9), "?");
}
END_TEST

static Suite *
tftp_msg_suite(void)
{
	Suite	*s = suite_create("tftp_msg");
	TCase	*tc;

	tc = tcase_create("decode");
	tcase_add_test(tc, test_decode_rrq_with_options);
	tcase_add_test(tc, test_reqopts_out_of_range_are_absent);
	tcase_add_test(tc, test_reqopts_clamps_huge_blksize);
	tcase_add_test(tc, test_decode_rejects_missing_nul);
	tcase_add_test(tc, test_decode_request_512_limit);
	tcase_add_test(tc, test_decode_data_ack_error_oack);
	tcase_add_test(tc, test_mode_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("encode");
	tcase_add_test(tc, test_encode_roundtrip);
	suite_add_tcase(s, tc);
	tc = tcase_create("block");
	tcase_add_test(tc, test_block_wrap_to_zero);
	tcase_add_test(tc, test_block_wrap_to_one);
	suite_add_tcase(s, tc);
	tc = tcase_create("name");
	tcase_add_loop_test(tc, test_name_normalise_table, 0,
	    (int)(sizeof(names) / sizeof(names[0])));
	tcase_add_test(tc, test_name_backslash_and_case);
	suite_add_tcase(s, tc);
	tc = tcase_create("netascii");
	tcase_add_test(tc, test_netascii_both_ways);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(tftp_msg_suite());
}
