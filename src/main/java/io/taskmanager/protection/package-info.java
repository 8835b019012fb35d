/**
 * The service's defences, shared by a cluster: the client address behind trusted proxies,
 * request size and admission limits, rate limits ({@code RateLimited}, declared on each
 * resource), IP bans and role checks ({@code RequiresRole}). Knows no feature; tells
 * observers what it refused through CDI events ({@code ProtectionEvents}).
 */
package io.taskmanager.protection;
