# bootp-tftp/local.mk
