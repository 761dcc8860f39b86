/*
 * cwmp_rpc.h: CWMP messages as plain C structs, and their decoding from and
 * encoding to SOAP envelopes (CWMP.md 6).  Every RPC of TR-069 Amendment 6
 * in both directions, every *Response, SOAP Faults, and the empty body.
 * The tolerance rules of the decoder are listed in cwmp_soap.h.  The codec
 * is pure: no sockets, no globals, no session logic (that is acs/ and
 * cpe-sim/); it does not check that an RPC fits the negotiated version.
 *
 * All strings in a message are owned (malloc'd, UTF-8) and freed by
 * cwmp_msg_clear().  A NULL string encodes as an empty element, so every
 * element of an RPC is always sent (CWMP.md 4.3).  Building a request:
 *
 *	struct cwmp_msg	m;
 *	struct buf	b;
 *
 *	cwmp_msg_init(&m, CWMP_GET_PARAMETER_VALUES);
 *	cwmp_msg_set_id(&m, "acs-17");
 *	cwmp_strlist_add(&m.gpv.names, "InternetGatewayDevice.DeviceInfo.");
 *	buf_init(&b, CWMP_BODY_MAX);
 *	if (cwmp_msg_encode(&m, CWMP_NS_1_0, &b) == -1) …
 *	cwmp_msg_clear(&m);
 *
 * Only the member named after msg->method is read by the encoder and filled
 * by the decoder; the others stay empty.
 */
#ifndef LIB_CWMP_RPC_H
#define LIB_CWMP_RPC_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"
#include "lib/cwmp_soap.h"

/* Most entries decoded in one array (ParameterList, MethodList, …). */
#define CWMP_LIST_MAX		100000
/* TR-069 limits used by the encoder's callers and the simulator. */
#define CWMP_EVENTS_MAX		64	/* EventStruct per Inform */
#define CWMP_COMMAND_KEY_MAX	32
#define CWMP_PARAMETER_KEY_MAX	32
#define CWMP_WINDOWS_MAX	2	/* TimeWindowList of ScheduleDownload */
#define CWMP_TRANSFERS_MAX	16	/* TransferList entries */

enum cwmp_method {
	CWMP_EMPTY = 0,		/* empty body or empty soap Body */
	CWMP_FAULT,		/* SOAP Fault: msg->fault */
	CWMP_UNKNOWN,		/* not a CWMP method: msg->method_name */
	/* CPE -> ACS requests and their responses */
	CWMP_INFORM,
	CWMP_INFORM_RESPONSE,
	CWMP_GET_RPC_METHODS,	/* both directions */
	CWMP_GET_RPC_METHODS_RESPONSE,
	CWMP_TRANSFER_COMPLETE,
	CWMP_TRANSFER_COMPLETE_RESPONSE,
	CWMP_AUTONOMOUS_TRANSFER_COMPLETE,
	CWMP_AUTONOMOUS_TRANSFER_COMPLETE_RESPONSE,
	CWMP_REQUEST_DOWNLOAD,
	CWMP_REQUEST_DOWNLOAD_RESPONSE,
	CWMP_KICKED,
	CWMP_KICKED_RESPONSE,
	CWMP_DU_STATE_CHANGE_COMPLETE,
	CWMP_DU_STATE_CHANGE_COMPLETE_RESPONSE,
	CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE,
	CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE_RESPONSE,
	/* ACS -> CPE requests and their responses */
	CWMP_GET_PARAMETER_NAMES,
	CWMP_GET_PARAMETER_NAMES_RESPONSE,
	CWMP_GET_PARAMETER_VALUES,
	CWMP_GET_PARAMETER_VALUES_RESPONSE,
	CWMP_SET_PARAMETER_VALUES,
	CWMP_SET_PARAMETER_VALUES_RESPONSE,
	CWMP_GET_PARAMETER_ATTRIBUTES,
	CWMP_GET_PARAMETER_ATTRIBUTES_RESPONSE,
	CWMP_SET_PARAMETER_ATTRIBUTES,
	CWMP_SET_PARAMETER_ATTRIBUTES_RESPONSE,
	CWMP_ADD_OBJECT,
	CWMP_ADD_OBJECT_RESPONSE,
	CWMP_DELETE_OBJECT,
	CWMP_DELETE_OBJECT_RESPONSE,
	CWMP_REBOOT,
	CWMP_REBOOT_RESPONSE,
	CWMP_DOWNLOAD,
	CWMP_DOWNLOAD_RESPONSE,
	CWMP_UPLOAD,
	CWMP_UPLOAD_RESPONSE,
	CWMP_FACTORY_RESET,
	CWMP_FACTORY_RESET_RESPONSE,
	CWMP_SCHEDULE_INFORM,
	CWMP_SCHEDULE_INFORM_RESPONSE,
	CWMP_GET_QUEUED_TRANSFERS,
	CWMP_GET_QUEUED_TRANSFERS_RESPONSE,
	CWMP_GET_ALL_QUEUED_TRANSFERS,
	CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE,
	CWMP_SCHEDULE_DOWNLOAD,
	CWMP_SCHEDULE_DOWNLOAD_RESPONSE,
	CWMP_CANCEL_TRANSFER,
	CWMP_CANCEL_TRANSFER_RESPONSE,
	CWMP_CHANGE_DU_STATE,
	CWMP_CHANGE_DU_STATE_RESPONSE,
	CWMP_METHOD_COUNT
};

/* Growable lists.  _add() functions copy their string arguments. */
struct cwmp_strlist {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

/* ParameterValueStruct; also {Name, Value} pairs (FileTypeArg). */
struct cwmp_param_value {
	char	*name;
	char	*value;
	char	*type;		/* xsi:type as sent ("xsd:string"), or NULL */
};
struct cwmp_param_values {
	struct cwmp_param_value	*v;
	size_t			 n;
	size_t			 cap;
};

/* ParameterInfoStruct */
struct cwmp_param_info {
	char	*name;
	bool	 writable;
};
struct cwmp_param_infos {
	struct cwmp_param_info	*v;
	size_t			 n;
	size_t			 cap;
};

/*
 * ParameterAttributeStruct (GPA response) and SetParameterAttributesStruct
 * (SPA request: the two _change flags are used only there).
 */
struct cwmp_param_attr {
	char			*name;
	bool			 notification_change;
	int			 notification;	/* 0 off, 1 passive, 2 active */
	bool			 access_list_change;
	struct cwmp_strlist	 access_list;	/* "Subscriber" or empty */
};
struct cwmp_param_attrs {
	struct cwmp_param_attr	*v;
	size_t			 n;
	size_t			 cap;
};

/* EventStruct */
struct cwmp_event {
	char	*code;		/* "1 BOOT", "M Download", … */
	char	*command_key;
};
struct cwmp_events {
	struct cwmp_event	*v;
	size_t			 n;
	size_t			 cap;
};

/* DeviceIdStruct */
struct cwmp_device_id {
	char	*manufacturer;
	char	*oui;
	char	*product_class;
	char	*serial_number;
};

/* FaultStruct of TransferComplete and friends; code 0 is success. */
struct cwmp_fault_struct {
	int	 code;
	char	*string;
};

/* QueuedTransferStruct / AllQueuedTransferStruct */
struct cwmp_transfer {
	char		*command_key;
	int		 state;		/* 1 queued, 2 in progress, 3 done */
	bool		 is_download;	/* GetAllQueuedTransfers only */
	char		*file_type;
	unsigned long long file_size;
	char		*target_file_name;
};
struct cwmp_transfers {
	struct cwmp_transfer	*v;
	size_t			 n;
	size_t			 cap;
};

/* TimeWindowStruct of ScheduleDownload */
struct cwmp_time_window {
	unsigned long long window_start;	/* seconds from now */
	unsigned long long window_end;
	char		*window_mode;	/* "1 At Any Time", … */
	char		*user_message;
	int		 max_retries;	/* -1 unlimited */
};

/* ChangeDUState operations */
enum cwmp_du_op_kind {
	CWMP_DU_INSTALL,
	CWMP_DU_UPDATE,
	CWMP_DU_UNINSTALL
};
struct cwmp_du_op {
	enum cwmp_du_op_kind	 kind;
	char			*url;
	char			*uuid;
	char			*username;
	char			*password;
	char			*version;
	char			*execution_env_ref;
};
struct cwmp_du_ops {
	struct cwmp_du_op	*v;
	size_t			 n;
	size_t			 cap;
};

/* OpResultStruct / AutonOpResultStruct */
struct cwmp_du_result {
	char			*uuid;
	char			*deployment_unit_ref;
	char			*version;
	char			*current_state;
	bool			 resolved;
	char			*execution_unit_ref_list;
	char			*start_time;
	char			*complete_time;
	struct cwmp_fault_struct fault;
	char			*operation_performed;	/* Autonomous only */
};
struct cwmp_du_results {
	struct cwmp_du_result	*v;
	size_t			 n;
	size_t			 cap;
};

/* Per-RPC arguments, named after the RPC. */
struct cwmp_inform {
	struct cwmp_device_id	 device_id;
	struct cwmp_events	 events;
	unsigned int		 max_envelopes;
	char			*current_time;	/* dateTime as text */
	unsigned int		 retry_count;
	struct cwmp_param_values params;
};

struct cwmp_transfer_complete {
	char			*command_key;
	struct cwmp_fault_struct fault;
	char			*start_time;
	char			*complete_time;
};

struct cwmp_autonomous_transfer_complete {
	char			*announce_url;
	char			*transfer_url;
	bool			 is_download;
	char			*file_type;
	unsigned long long	 file_size;
	char			*target_file_name;
	struct cwmp_fault_struct fault;
	char			*start_time;
	char			*complete_time;
};

struct cwmp_request_download {
	char			*file_type;
	struct cwmp_param_values args;	/* FileTypeArg {Name, Value} */
};

struct cwmp_kicked {
	char	*command;
	char	*referer;
	char	*arg;
	char	*next;
};

struct cwmp_du_state_change_complete {
	struct cwmp_du_results	 results;
	char			*command_key;	/* not in the Autonomous one */
};

struct cwmp_get_parameter_names {
	char	*parameter_path;
	bool	 next_level;
};

struct cwmp_set_parameter_values {
	struct cwmp_param_values params;
	char			*parameter_key;
};

struct cwmp_object {		/* AddObject, DeleteObject */
	char	*object_name;
	char	*parameter_key;
};

struct cwmp_object_response {	/* AddObjectResponse, DeleteObjectResponse */
	unsigned int	 instance_number;	/* AddObject only */
	int		 status;
};

struct cwmp_download {		/* Download and Upload (no FileSize etc.) */
	char			*command_key;
	char			*file_type;
	char			*url;
	char			*username;
	char			*password;
	unsigned long long	 file_size;
	char			*target_file_name;
	unsigned int		 delay_seconds;
	char			*success_url;
	char			*failure_url;
};

struct cwmp_transfer_response {	/* DownloadResponse, UploadResponse */
	int	 status;
	char	*start_time;
	char	*complete_time;
};

struct cwmp_schedule_inform {
	unsigned int	 delay_seconds;
	char		*command_key;
};

struct cwmp_schedule_download {
	char			*command_key;
	char			*file_type;
	char			*url;
	char			*username;
	char			*password;
	unsigned long long	 file_size;
	char			*target_file_name;
	struct cwmp_time_window	 windows[CWMP_WINDOWS_MAX];
	size_t			 nwindows;
};

struct cwmp_change_du_state {
	struct cwmp_du_ops	 ops;
	char			*command_key;
};

struct cwmp_msg {
	enum cwmp_method	 method;
	char			*method_name;	/* set for CWMP_UNKNOWN */
	int			 ns;		/* namespace seen: CWMP_NS_* */
	struct cwmp_header	 hdr;

	struct cwmp_fault	 fault;		/* CWMP_FAULT */
	struct cwmp_inform	 inform;
	unsigned int		 inform_resp_max_envelopes; /* InformResponse */
	struct cwmp_strlist	 methods;	/* GetRPCMethodsResponse */
	struct cwmp_transfer_complete tc;
	struct cwmp_autonomous_transfer_complete atc;
	struct cwmp_request_download request_download;
	struct cwmp_kicked	 kicked;
	char			*kicked_next_url;	/* KickedResponse */
	struct cwmp_du_state_change_complete dscc; /* and the Autonomous one */
	struct cwmp_get_parameter_names gpn;
	struct cwmp_param_infos	 gpn_resp;
	struct {
		struct cwmp_strlist names;
	}			 gpv, gpa;	/* GPV and GPA requests */
	struct cwmp_param_values gpv_resp;
	struct cwmp_set_parameter_values spv;
	int			 spv_resp_status;
	struct cwmp_param_attrs	 gpa_resp;
	struct cwmp_param_attrs	 spa;
	struct cwmp_object	 add_object, delete_object;
	/* AddObjectResponse, DeleteObjectResponse */
	struct cwmp_object_response object_resp;
	char			*reboot_command_key;
	struct cwmp_download	 download;	/* Download and Upload */
	/* DownloadResponse, UploadResponse */
	struct cwmp_transfer_response transfer_resp;
	struct cwmp_schedule_inform schedule_inform;
	/* GetQueuedTransfersResponse, GetAllQueuedTransfersResponse */
	struct cwmp_transfers	 transfers;
	struct cwmp_schedule_download schedule_download;
	char			*cancel_command_key;	/* CancelTransfer */
	struct cwmp_change_du_state change_du_state;
};

/* Method names: "GetParameterValues" <-> CWMP_GET_PARAMETER_VALUES. */
const char	*cwmp_method_name(enum cwmp_method m);
/* CWMP_UNKNOWN if the name is not a CWMP method. */
enum cwmp_method cwmp_method_from_name(const char *name);
bool		 cwmp_method_is_response(enum cwmp_method m);
/* The response method of a request (CWMP_UNKNOWN if m is not one). */
enum cwmp_method cwmp_method_response(enum cwmp_method m);

/* An empty message of the given method, ns CWMP_NS_NONE, no header. */
void	cwmp_msg_init(struct cwmp_msg *m, enum cwmp_method method);
/* Frees everything and leaves an empty CWMP_EMPTY message. */
void	cwmp_msg_clear(struct cwmp_msg *m);
/* Replaces the owned string *dst by a copy of s (NULL allowed). */
void	cwmp_str_set(char **dst, const char *s);
void	cwmp_msg_set_id(struct cwmp_msg *m, const char *id);
/* Makes m a CWMP_FAULT message with code and string (NULL: standard). */
void	cwmp_msg_set_fault(struct cwmp_msg *m, int code, const char *string);

/*
 * Decodes one SOAP envelope into m (which need not be initialised; clear
 * it afterwards in every case).  A body of only whitespace, or an envelope
 * without a Body child, is CWMP_EMPTY.  An element in the Body that is not
 * a CWMP method gives CWMP_UNKNOWN with its name in method_name, so the
 * caller can answer 8000/9000.  Returns 0, or -1 with *errstr set (a static
 * string) for a body that is malformed, too large, not an envelope, or has
 * a bad value (a number that is not one).
 */
int	cwmp_msg_decode(const char *body, size_t len, struct cwmp_msg *m,
	    const char **errstr);

/*
 * Appends the envelope for m to b, in namespace cwmp-1-<ns_version>
 * (CWMP_NS_1_0..CWMP_NS_1_4).  Element order is the XSD's, arrays carry an
 * exact soap-enc:arrayType, values carry xsi:type ("xsd:string" when type
 * is NULL), booleans are 1/0.  CWMP_EMPTY encodes an envelope with an empty
 * Body (an HTTP empty body is the caller's choice).  Returns -1 on a
 * ceiling hit, an unknown method or a bad ns_version; b is then restored
 * to its former length.
 */
int	cwmp_msg_encode(const struct cwmp_msg *m, int ns_version,
	    struct buf *b);

/* List helpers; each returns the new entry (its strings copied). */
char	*cwmp_strlist_add(struct cwmp_strlist *l, const char *s);
void	 cwmp_strlist_clear(struct cwmp_strlist *l);
struct cwmp_param_value *cwmp_param_values_add(struct cwmp_param_values *l,
	    const char *name, const char *value, const char *type);
void	 cwmp_param_values_clear(struct cwmp_param_values *l);
struct cwmp_param_info *cwmp_param_infos_add(struct cwmp_param_infos *l,
	    const char *name, bool writable);
void	 cwmp_param_infos_clear(struct cwmp_param_infos *l);
struct cwmp_param_attr *cwmp_param_attrs_add(struct cwmp_param_attrs *l,
	    const char *name, int notification);
void	 cwmp_param_attrs_clear(struct cwmp_param_attrs *l);
struct cwmp_event *cwmp_events_add(struct cwmp_events *l, const char *code,
	    const char *command_key);
void	 cwmp_events_clear(struct cwmp_events *l);
struct cwmp_transfer *cwmp_transfers_add(struct cwmp_transfers *l,
	    const char *command_key, int state);
void	 cwmp_transfers_clear(struct cwmp_transfers *l);
struct cwmp_du_op *cwmp_du_ops_add(struct cwmp_du_ops *l,
	    enum cwmp_du_op_kind kind);
void	 cwmp_du_ops_clear(struct cwmp_du_ops *l);
struct cwmp_du_result *cwmp_du_results_add(struct cwmp_du_results *l);
void	 cwmp_du_results_clear(struct cwmp_du_results *l);

#endif /* LIB_CWMP_RPC_H */
