/*
 * cwmp_samples.h: one hand-built sample of every CWMP RPC and response, as
 * acsd and cpe-sim build them, for the codec suites (check_cwmp_rpc).
 */
#ifndef ANTHILL_CWMP_SAMPLES_H
#define ANTHILL_CWMP_SAMPLES_H

#include "lib/cwmp_rpc.h"

void	build_inform(struct cwmp_msg *);
void	build_inform_resp(struct cwmp_msg *);
void	build_methods(struct cwmp_msg *);
void	build_tc(struct cwmp_msg *);
void	build_atc(struct cwmp_msg *);
void	build_request_download(struct cwmp_msg *);
void	build_kicked(struct cwmp_msg *);
void	build_kicked_resp(struct cwmp_msg *);
void	build_dscc(struct cwmp_msg *);
void	build_gpn(struct cwmp_msg *);
void	build_gpn_resp(struct cwmp_msg *);
void	build_gpv(struct cwmp_msg *);
void	build_gpv_resp(struct cwmp_msg *);
void	build_spv(struct cwmp_msg *);
void	build_spv_resp(struct cwmp_msg *);
void	build_gpa(struct cwmp_msg *);
void	build_gpa_resp(struct cwmp_msg *);
void	build_spa(struct cwmp_msg *);
void	build_add_object(struct cwmp_msg *);
void	build_delete_object(struct cwmp_msg *);
void	build_object_resp(struct cwmp_msg *);
void	build_reboot(struct cwmp_msg *);
void	build_download(struct cwmp_msg *);
void	build_transfer_resp(struct cwmp_msg *);
void	build_schedule_inform(struct cwmp_msg *);
void	build_transfers(struct cwmp_msg *);
void	build_schedule_download(struct cwmp_msg *);
void	build_cancel(struct cwmp_msg *);
void	build_change_du_state(struct cwmp_msg *);
void	build_fault(struct cwmp_msg *);
void	build_nothing(struct cwmp_msg *);

#endif
