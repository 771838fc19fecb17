fn main() {
    rds_replica_console::mount_standalone();
}
