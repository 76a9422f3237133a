/**
 * The notification templates this library ships (Go text/template, Alertmanager's dialect). Every
 * receiver factory refers to them by name, so a page, a chat message and an email all carry the
 * alert's summary, description, runbook link and dashboard link (annotations `runbook_url` and
 * `dashboard_url`, which the rule model sets), as the seeds' receivers do.
 *
 * The text contains no `${` or `%{`, so it passes through Terraform strings unchanged.
 */
export const NOTIFICATION_TEMPLATE_FILE = 'monitoring.tmpl';

/** Names of the templates defined in {@link NOTIFICATION_TEMPLATE_FILE}. */
export const NotificationTemplate = {
  TITLE: 'monitoring.title',
  SLACK_TITLE: 'monitoring.slack.title',
  SLACK_TEXT: 'monitoring.slack.text',
  SLACK_COLOR: 'monitoring.slack.color',
  PAGERDUTY_DESCRIPTION: 'monitoring.pagerduty.description',
  PAGERDUTY_SEVERITY: 'monitoring.pagerduty.severity',
  RUNBOOK_URL: 'monitoring.runbook_url',
  DASHBOARD_URL: 'monitoring.dashboard_url',
  EMAIL_SUBJECT: 'monitoring.email.subject',
  EMAIL_HTML: 'monitoring.email.html',
  TEXT: 'monitoring.text',
  OPSGENIE_PRIORITY: 'monitoring.opsgenie.priority',
} as const;

/** `{{ template "name" . }}`, the way a receiver field uses a shipped template. */
export function useTemplate(name: string): string {
  return `{{ template "${name}" . }}`;
}

/**
 * The Go template file of the shipped notification templates (the `define` blocks named by {@link useTemplate}), installed as an Alertmanager template file.
 */
export const NOTIFICATION_TEMPLATE_TEXT = `{{/* Shipped by @platform/monitoring-constructs (lib/alertmanager/notification-templates.ts). */}}

{{ define "monitoring.title" -}}
[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ with .CommonLabels.severity }} ({{ . }}){{ end }}{{ with .CommonLabels.service }} service={{ . }}{{ end }}{{ with .CommonLabels.namespace }} namespace={{ . }}{{ end }}
{{- end }}

{{ define "monitoring.runbook_url" }}{{ (index .Alerts 0).Annotations.runbook_url }}{{ end }}
{{ define "monitoring.dashboard_url" }}{{ (index .Alerts 0).Annotations.dashboard_url }}{{ end }}

{{ define "monitoring.text" -}}
{{ range .Alerts -}}
{{ .Status | toUpper }}: {{ .Annotations.summary }}
{{ with .Annotations.description }}{{ . }}
{{ end }}{{ with .Annotations.runbook_url }}Runbook: {{ . }}
{{ end }}{{ with .Annotations.dashboard_url }}Dashboard: {{ . }}
{{ end }}Labels:{{ range .Labels.SortedPairs }} {{ .Name }}={{ .Value }}{{ end }}

{{ end }}
{{- end }}

{{ define "monitoring.slack.title" }}{{ template "monitoring.title" . }}{{ end }}

{{ define "monitoring.slack.text" -}}
{{ range .Alerts -}}
*{{ .Annotations.summary }}*{{ with .Labels.severity }} \`{{ . }}\`{{ end }}
{{ with .Annotations.description }}{{ . }}
{{ end }}{{ with .Annotations.runbook_url }}*Runbook:* <{{ . }}|{{ . }}>
{{ end }}{{ with .Annotations.dashboard_url }}*Dashboard:* <{{ . }}|{{ . }}>
{{ end }}*Labels:*{{ range .Labels.SortedPairs }} \`{{ .Name }}={{ .Value }}\`{{ end }}

{{ end }}
{{- end }}

{{ define "monitoring.slack.color" }}{{ if eq .Status "firing" }}{{ if eq .CommonLabels.severity "critical" }}danger{{ else }}warning{{ end }}{{ else }}good{{ end }}{{ end }}

{{ define "monitoring.pagerduty.description" }}{{ template "monitoring.title" . }}{{ with .CommonAnnotations.summary }}: {{ . }}{{ end }}{{ end }}

{{ define "monitoring.pagerduty.severity" }}{{ if eq .CommonLabels.severity "critical" }}critical{{ else if eq .CommonLabels.severity "warning" }}warning{{ else if eq .CommonLabels.severity "info" }}info{{ else }}error{{ end }}{{ end }}

{{ define "monitoring.opsgenie.priority" }}{{ if eq .CommonLabels.severity "critical" }}P1{{ else if eq .CommonLabels.severity "warning" }}P3{{ else }}P5{{ end }}{{ end }}

{{ define "monitoring.email.subject" }}{{ template "monitoring.title" . }}{{ end }}

{{ define "monitoring.email.html" -}}
<html><body>
<h2>{{ template "monitoring.title" . }}</h2>
{{ range .Alerts -}}
<h3>{{ .Status | toUpper }}: {{ .Annotations.summary }}</h3>
{{ with .Annotations.description }}<p>{{ . }}</p>
{{ end }}<p>{{ with .Annotations.runbook_url }}<a href="{{ . }}">Runbook</a> {{ end }}{{ with .Annotations.dashboard_url }}<a href="{{ . }}">Dashboard</a>{{ end }}</p>
<p>{{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}</p>
{{ end -}}
</body></html>
{{- end }}
`;
