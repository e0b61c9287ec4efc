/// The keywords keepalived 2.x installs, by the part of the configuration they belong to
/// (taken from the `install_keyword` calls of its global, VRRP, checker and BFD parsers).
/// A word that is none of these where it stands is reported, as keepalived itself logs
/// "Unknown keyword". Within a part the sets are flat: a keyword valid somewhere in a
/// `virtual_server` block is accepted anywhere in one.
public enum KeepalivedKeywords {
    static let global: Set<String> = [
        "bfd_cpu_affinity", "bfd_no_swap", "bfd_priority", "bfd_process_name", "bfd_rlimit_rtime", "bfd_rlimit_rttime",
        "bfd_rt_priority", "checker_cpu_affinity", "checker_log_all_failures", "checker_no_swap", "checker_priority",
        "checker_process_name", "checker_rlimit_rtime", "checker_rlimit_rttime", "checker_rt_priority",
        "child_wait_time", "config_save_dir", "data_use_instance", "dbus_no_interface_name", "dbus_service_name",
        "default_interface", "disable_local_igmp", "dynamic_interfaces", "enable_dbus", "enable_script_security",
        "enable_snmp_checker", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
        "enable_snmp_vrrp", "enable_traps", "fifo_write_vrrp_states_on_reload", "global_defs", "include_check",
        "instance", "iproute_etc_dir", "iproute_usr_dir", "json_dump_file", "json_version", "linkbeat_use_polling",
        "log_unknown_vrids", "lvs_flush", "lvs_flush_on_stop", "lvs_flush_onstop", "lvs_id",
        "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
        "lvs_netlink_monitor_rcv_bufs_force", "lvs_notify_fifo", "lvs_notify_fifo_script", "lvs_process_name",
        "lvs_sync_daemon", "lvs_sync_daemon_interface", "lvs_timeouts", "max_auto_priority", "min_auto_priority_delay",
        "namespace_with_ipsets", "net_namespace", "net_namespace_ipvs", "nftables", "nftables_counters",
        "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark",
        "nftables_priority", "no_checker_emails", "no_email_faults", "notification_email", "notification_email_from",
        "notify_fifo", "notify_fifo_script", "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force",
        "process_name", "process_names", "random_seed", "reload_check_config", "reload_file", "reload_repeat",
        "reload_time_file", "router_id", "rs_init_notifies", "script_user", "set_supplementary_groups",
        "shutdown_script", "shutdown_script_timeout", "smtp_alert", "smtp_alert_checker", "smtp_alert_vrrp",
        "smtp_connect_timeout", "smtp_helo_name", "smtp_server", "snmp_rs_stats_update_interval", "snmp_socket",
        "snmp_vs_stats_update_interval", "startup_script", "startup_script_timeout", "state_dump_file",
        "stats_dump_file", "tmp_config_directory", "umask", "use_pid_dir", "use_symlink_paths", "v3_checksum_as_v2",
        "vmac_addr_prefix", "vmac_prefix", "vrrp_check_unicast_src", "vrrp_cpu_affinity", "vrrp_delay_after_boot",
        "vrrp_down_timer_adverts", "vrrp_garp_extra_if", "vrrp_garp_interval", "vrrp_garp_lower_prio_delay",
        "vrrp_garp_lower_prio_repeat", "vrrp_garp_master_delay", "vrrp_garp_master_refresh",
        "vrrp_garp_master_refresh_repeat", "vrrp_garp_master_repeat", "vrrp_gna_interval",
        "vrrp_higher_prio_send_advert", "vrrp_ipsets", "vrrp_iptables", "vrrp_lower_prio_no_advert",
        "vrrp_mcast_group4", "vrrp_mcast_group6", "vrrp_min_garp", "vrrp_netlink_cmd_rcv_bufs",
        "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
        "vrrp_no_swap", "vrrp_notify_fifo", "vrrp_notify_fifo_script", "vrrp_notify_priority_changes",
        "vrrp_owner_ignore_adverts", "vrrp_priority", "vrrp_process_name", "vrrp_rlimit_rtime", "vrrp_rlimit_rttime",
        "vrrp_rt_priority", "vrrp_rx_bufs_multiplier", "vrrp_rx_bufs_policy", "vrrp_skip_check_adv_addr",
        "vrrp_startup_delay", "vrrp_strict", "vrrp_version", "vrrp_vmac_garp_intvl",
    ]

    static let vrrp: Set<String> = [
        "accept", "active_key", "advert_int", "anti_replay", "auth_hmac", "auth_pass", "auth_type", "authentication",
        "check_unicast_src", "debug", "delay", "dont_track_primary", "down_timer_adverts", "fall", "file",
        "fork_delay", "full_command", "garp_extra_if", "garp_group", "garp_interval", "garp_lower_prio_delay",
        "garp_lower_prio_repeat", "garp_master_delay", "garp_master_refresh", "garp_master_refresh_repeat",
        "garp_master_repeat", "global_tracking", "gna_interval", "group", "higher_prio_send_advert", "init_fail",
        "init_file", "interface", "interface_up_down_delays", "interfaces", "interval", "kernel_rx_buf_size", "key",
        "linkbeat_interfaces", "linkbeat_use_polling", "lower_prio_no_advert", "lvs_sync_daemon_interface",
        "mcast_dst_ip", "mcast_src_ip", "mode", "native_ipv6", "no_accept", "no_virtual_ipaddress", "nopreempt",
        "notify", "notify_backup", "notify_deleted", "notify_fault", "notify_master", "notify_master_rx_lower_pri",
        "notify_priority_changes", "notify_stop", "old_unicast_checksum", "owner_ignore_adverts", "param_match",
        "preempt", "preempt_delay", "priority", "process", "promote_secondaries", "quorum", "quorum_max", "rise",
        "script", "skip_check_adv_addr", "smtp_alert", "state", "static_ipaddress", "static_routes", "static_rules",
        "strict_mode", "sync_group_tracking_weight", "terminate_delay", "thread_timer_expired", "time_window",
        "timeout", "timer_expired_backup", "track_bfd", "track_file", "track_group", "track_interface",
        "track_process", "track_script", "track_src_ip", "unicast_fault_no_peer", "unicast_peer", "unicast_src_ip",
        "unicast_ttl", "use_ipvlan", "use_vmac", "use_vmac_addr", "user", "v3_checksum_as_v2", "version",
        "virtual_ipaddress", "virtual_ipaddress_excluded", "virtual_router_id", "virtual_routes", "virtual_rules",
        "vmac_garp_intvl", "vmac_xmit_base", "vrf", "vrrp_instance", "vrrp_script", "vrrp_sync_group",
        "vrrp_track_file", "vrrp_track_process", "weight",
    ]

    static let checker: Set<String> = [
        "BFD_CHECK", "DNS_CHECK", "FILE_CHECK", "HTTP_GET", "MISC_CHECK", "PING_CHECK", "SMTP_CHECK", "SSL", "SSL_GET",
        "TCP_CHECK", "UDP_CHECK", "alpha", "bind_if", "bind_port", "bindto", "ca", "certificate", "connect_ip",
        "connect_port", "connect_timeout", "delay_before_retry", "delay_loop", "digest", "enable_sni", "fast_recovery",
        "flag-1", "flag-2", "flag-3", "fwmark", "ha_suspend", "hashed", "helo_name", "host", "http_protocol",
        "hysteresis", "inhibit_on_failure", "ip_family", "key", "lb_algo", "lb_kind", "log_all_failures", "lthreshold",
        "lvs_method", "lvs_sched", "max_reply_length", "mh-fallback", "mh-port", "min_reply_length", "misc_dynamic",
        "misc_path", "misc_timeout", "name", "nb_get_retry", "notify_down", "notify_up", "omega", "ops", "password",
        "path", "payload", "persistence_engine", "persistence_granularity", "persistence_timeout", "protocol",
        "quorum", "quorum_down", "quorum_up", "real_server", "regex", "regex_max_offset", "regex_min_offset",
        "regex_no_match", "regex_options", "regex_stack", "require_reply", "retry", "sh-fallback", "sh-port",
        "smtp_alert", "sni_name", "snmp_name", "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method",
        "status_code", "tls_compliant", "track_file", "type", "url", "user", "uthreshold", "virtual_server",
        "virtual_server_group", "virtualhost", "warmup", "weight",
    ]

    static let bfd: Set<String> = [
        "bfd_instance", "checker", "hoplimit", "idle_tx", "max_hops", "min_rx", "min_tx", "multihop", "multiplier",
        "neighbor_ip", "neighbour_ip", "passive", "source_ip", "ttl", "vrrp", "weight",
    ]

    /// Top-level blocks and statements, and the keyword set that governs their content.
    static let roots: [String: Set<String>] = [
        "global_defs": global, "vrrp_instance": vrrp, "vrrp_sync_group": vrrp, "vrrp_script": vrrp,
        "vrrp_track_process": vrrp, "vrrp_track_file": vrrp, "track_file": vrrp, "track_group": vrrp, "garp_group": vrrp,
        "static_ipaddress": vrrp, "static_routes": vrrp, "static_rules": vrrp, "linkbeat_interfaces": vrrp,
        "interface_up_down_delays": vrrp, "virtual_server": checker, "virtual_server_group": checker, "SSL": checker,
        "bfd_instance": bfd, "linkbeat_use_polling": global, "net_namespace": global, "net_namespace_ipvs": global,
        "namespace_with_ipsets": global, "use_pid_dir": global, "instance": global, "child_wait_time": global,
    ]

    /// Every keyword of every part: what a test holds keepalived's parsers to.
    public static var all: Set<String> { global.union(vrrp).union(checker).union(bfd).union(roots.keys) }

    /// Blocks whose lines are values, not keywords: addresses, names, routes.
    static let valueBlocks: Set<String> = [
        "virtual_ipaddress", "virtual_ipaddress_excluded", "virtual_routes", "virtual_rules", "static_ipaddress",
        "static_routes", "static_rules", "unicast_peer", "track_interface", "track_script", "track_process", "track_file",
        "track_bfd", "track_group", "group", "notification_email", "virtual_server_group", "linkbeat_interfaces",
        "interface_up_down_delays", "interfaces", "process_names", "vrrp_ipsets", "regex_options",
    ]
}
