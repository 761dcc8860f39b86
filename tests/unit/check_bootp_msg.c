/*
 * check_bootp_msg.c: the BOOTP codec: the 300-byte layout at the RFC 951
 * offsets, 236-byte requests, cookie / no cookie / DHCP, a truncated
 * option, hlen 17, reply encoding padded to 300 bytes with the 60-byte
 * option budget, and MAC text forms.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bootp_msg.h"
#include "tests/unit/ck_run.h"

static uint8_t		 pkt[BOOTP_MSG_MAX];
static struct bootp_msg	 m;
static const char	*err;

/* A Thomson-style request: BANT-V in file, cookie, no options. */
static void
build_request(void)
{
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = BOOTREQUEST;
	pkt[1] = 1;
	pkt[2] = 6;
	memcpy(pkt + 4, "\x12\x34\x56\x78", 4);
	pkt[8] = 0;
	pkt[9] = 3;
	pkt[10] = 0x80;
	memcpy(pkt + 28, "\x00\x14\x7f\x28\x54\x65", 6);
	memcpy(pkt + 108, "BANT-V", 6);
	memcpy(pkt + 236, "\x63\x82\x53\x63\xff", 5);
}

START_TEST(test_decode_layout)
{
	build_request();
	memcpy(pkt + 24, "\x0a\x00\x00\x02", 4);
	ck_assert_int_eq(bootp_msg_decode(pkt, 300, &m, &err), 0);
	ck_assert_uint_eq(m.op, BOOTREQUEST);
	ck_assert_uint_eq(m.xid, 0x12345678);
	ck_assert_uint_eq(m.secs, 3);
	ck_assert_uint_eq(m.flags, BOOTP_FLAG_BROADCAST);
	ck_assert_int_eq(memcmp(&m.giaddr, "\x0a\x00\x00\x02", 4), 0);
	ck_assert_int_eq(memcmp(m.chaddr, "\x00\x14\x7f\x28\x54\x65", 6), 0);
	ck_assert_str_eq(m.file, "BANT-V");
	ck_assert_str_eq(m.sname, "");
	ck_assert(m.has_cookie);
	ck_assert(!bootp_msg_is_dhcp(&m));
}
END_TEST

START_TEST(test_decode_accepts_236_bytes)
{
	build_request();
	ck_assert_int_eq(bootp_msg_decode(pkt, 236, &m, &err), 0);
	ck_assert(!m.has_cookie);
	ck_assert_uint_eq(m.vendlen, 0);
	ck_assert_int_eq(bootp_msg_decode(pkt, 235, &m, &err), -1);
	ck_assert_ptr_nonnull(err);
}
END_TEST

START_TEST(test_decode_rejects_hlen_17)
{
	build_request();
	pkt[2] = 17;
	ck_assert_int_eq(bootp_msg_decode(pkt, 300, &m, &err), -1);
}
END_TEST

START_TEST(test_decode_dhcp_and_truncated_option)
{
	build_request();
	memcpy(pkt + 240, "\x35\x01\x01\x0c\x03" "ant\x2b\x09xx", 12);
	ck_assert_int_eq(bootp_msg_decode(pkt, 252, &m, &err), 0);
	ck_assert(bootp_msg_is_dhcp(&m));
	ck_assert_int_eq(bootp_msg_dhcp_type(&m), 1);
	ck_assert_uint_eq(m.nopts, 2);
	ck_assert(m.opts_truncated);
	ck_assert_uint_eq(bootp_msg_opt(&m, 12)->len, 3);
	ck_assert_ptr_null(bootp_msg_opt(&m, 43));
}
END_TEST

START_TEST(test_decode_unterminated_strings)
{
	build_request();
	memset(pkt + 44, 'S', 64);
	memset(pkt + 108, 'F', 128);
	ck_assert_int_eq(bootp_msg_decode(pkt, 300, &m, &err), 0);
	ck_assert_uint_eq(strlen(m.sname), 64);
	ck_assert_uint_eq(strlen(m.file), 128);
}
END_TEST

START_TEST(test_decode_long_message)
{
	build_request();
	memset(pkt + 240, 0, 400);	/* pads */
	pkt[640] = 12;
	pkt[641] = 2;
	memcpy(pkt + 642, "hi", 2);
	ck_assert_int_eq(bootp_msg_decode(pkt, 700, &m, &err), 0);
	ck_assert_ptr_nonnull(bootp_msg_opt(&m, 12));
	ck_assert_int_eq(bootp_msg_decode(pkt, 5000, &m, &err), 0);
}
END_TEST

START_TEST(test_encode_reply_300_bytes_budget)
{
	uint8_t		out[BOOTP_MSG_MAX], big[40];
	uint32_t	mask = 0x00ffffff;
	int		n;

	build_request();
	ck_assert_int_eq(bootp_msg_decode(pkt, 300, &m, &err), 0);
	m.op = BOOTREPLY;
	m.nopts = 0;
	memcpy(&m.yiaddr, "\x0a\x00\x00\x8a", 4);
	strlcpy(m.file, "//ZZQ2AA7.417.bli", sizeof(m.file));
	ck_assert_int_eq(bootp_msg_add_opt(&m, 1, &mask, 4, 64), 0);
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(bootp_msg_add_opt(&m, 12, big, 40, 64), 0);
	/* 4 + 6 + 42 + End = 53; a 10-byte option does not fit. */
	ck_assert_int_eq(bootp_msg_add_opt(&m, 3, big, 10, 64), -1);
	ck_assert_int_eq(bootp_msg_add_opt(&m, 3, big, 4, 64), 0);
	n = bootp_msg_encode(&m, out, sizeof(out));
	ck_assert_int_eq(n, 300);
	ck_assert_uint_eq(out[0], BOOTREPLY);
	ck_assert_int_eq(memcmp(out + 16, "\x0a\x00\x00\x8a", 4), 0);
	ck_assert_int_eq(memcmp(out + 108, "//ZZQ2AA7.417.bli", 18), 0);
	ck_assert_int_eq(memcmp(out + 236, "\x63\x82\x53\x63\x01\x04", 6), 0);
	ck_assert_int_eq(bootp_msg_decode(out, (size_t)n, &m, &err), 0);
	ck_assert_uint_eq(m.nopts, 3);
	ck_assert_int_eq(bootp_msg_encode(&m, out, 299), -1);
}
END_TEST

START_TEST(test_encode_in_kind_without_cookie)
{
	uint8_t	out[BOOTP_MSG_MAX];

	build_request();
	memset(pkt + 236, 0, 64);
	ck_assert_int_eq(bootp_msg_decode(pkt, 300, &m, &err), 0);
	ck_assert(!m.has_cookie);
	m.op = BOOTREPLY;
	ck_assert_int_eq(bootp_msg_encode(&m, out, sizeof(out)), 300);
	ck_assert_int_eq(out[236] | out[237] | out[238] | out[239], 0);
}
END_TEST

START_TEST(test_mac_text)
{
	uint8_t	mac[6];
	char	s[3 * BOOTP_CHADDR_LEN];

	ck_assert_int_eq(bootp_mac_parse("00:14:7F:28:54:65", mac), 0);
	bootp_mac_str(mac, 6, s, sizeof(s));
	ck_assert_str_eq(s, "00:14:7f:28:54:65");
	ck_assert_int_eq(bootp_mac_parse("00-14-7f-28-54-65", mac), 0);
	ck_assert_int_eq(bootp_mac_parse("00:14:7f:28:54", mac), -1);
	ck_assert_int_eq(bootp_mac_parse("00:14:7f:28:54:65:", mac), -1);
	ck_assert_int_eq(bootp_mac_parse("0g:14:7f:28:54:65", mac), -1);
}
END_TEST

static Suite *
bootp_msg_suite(void)
{
	Suite	*s = suite_create("bootp_msg");
	TCase	*tc;

	tc = tcase_create("decode");
	tcase_add_test(tc, test_decode_layout);
	tcase_add_test(tc, test_decode_accepts_236_bytes);
	tcase_add_test(tc, test_decode_rejects_hlen_17);
	tcase_add_test(tc, test_decode_dhcp_and_truncated_option);
	tcase_add_test(tc, test_decode_unterminated_strings);
	tcase_add_test(tc, test_decode_long_message);
	suite_add_tcase(s, tc);
	tc = tcase_create("encode");
	tcase_add_test(tc, test_encode_reply_300_bytes_budget);
	tcase_add_test(tc, test_encode_in_kind_without_cookie);
	suite_add_tcase(s, tc);
	tc = tcase_create("mac");
	tcase_add_test(tc, test_mac_text);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(bootp_msg_suite());
}
