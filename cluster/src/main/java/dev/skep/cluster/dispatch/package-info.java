/**
 * The dispatcher for remote agents ({@code skep.Dispatcher}): the manager side adapts the leader's dispatcher to
 * a session stream; {@link dev.skep.cluster.dispatch.RemoteDispatcher} is the node side, failing over between
 * managers and following "not the leader" redirects.
 */
package dev.skep.cluster.dispatch;
