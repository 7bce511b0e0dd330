/**
 * The dashboard: {@link dev.hymir.dashboard.HymirDashboard}, a web page of live workflows over any
 * {@link dev.hymir.WorkflowReader}. Everything else in this package is implementation.
 */
package dev.hymir.dashboard;
