/**
 * What every other package stands on and which uses none of them: the service mode and
 * start-up refusal ({@code StartupCheck} is observed by each part that has settings), the
 * schema migration, health checks, JSON-B, time and text rules, and the request being observed.
 */
package io.taskmanager.platform;
