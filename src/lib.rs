//! cognito-tui: a terminal account manager for Amazon Cognito user pools.
//!
//! The shape: keys become [`app::Action`]s; [`app::update`] turns actions and worker
//! [`worker::Response`]s into a new state and [`worker::Command`]s; the [`worker`] runs commands
//! against a [`directory`] on tokio tasks; [`ui`] draws the state.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod app;
pub mod aws_profiles;
pub mod browse;
pub mod bulk;
pub mod change;
pub mod cli;
pub mod commands;
pub mod config;
pub mod crawl;
pub mod demo_scratch;
pub mod describe;
pub mod directory;
pub mod endpoint;
pub mod export;
pub mod export_view;
pub mod journal;
pub mod keymap;
pub mod limiter;
pub mod logging;
pub mod lookup;
pub mod parallel;
pub mod pii;
pub mod reader_gone;
pub mod recent;
pub mod retry;
pub mod run;
pub mod saved_views;
pub mod schema_rules;
pub mod search;
pub mod selfservice;
pub mod session;
pub mod terminal;
pub mod text;
pub mod timeouts;
pub mod tui;
pub mod ui;
pub mod user_files;
pub mod worker;
