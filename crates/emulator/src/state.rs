//! The shared state of one emulator: its configuration, the immutable catalogue, and the two
//! mutexes (the store, and the fault/latency/stats control). Neither is held across an `.await`,
//! and no code path holds both.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::catalog::Catalog;
use crate::faults::Control;
use crate::store::Store;
use crate::Config;

pub struct AppState {
    pub config: Config,
    pub catalog: Catalog,
    /// `config.build_seconds` as a duration (0 when it is not a finite non-negative number).
    pub build_time: Duration,
    store: Mutex<Store>,
    control: Mutex<Control>,
}

impl AppState {
    pub fn new(config: Config) -> Self {
        let catalog = Catalog::new();
        let store = Store::new(&catalog, config.large_region_instances);
        let build_time = Duration::try_from_secs_f64(config.build_seconds).unwrap_or_default();
        let control = Control::new(config.latency_ms);
        Self {
            config,
            catalog,
            build_time,
            store: Mutex::new(store),
            control: Mutex::new(control),
        }
    }

    /// The store, locked. A poisoned lock is taken over rather than panicking.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn control(&self) -> MutexGuard<'_, Control> {
        self.control
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
