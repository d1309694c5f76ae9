{{/*
Every object is named after the release: the Service name is what the TargetGroupBindings reference.
*/}}
{{- define "gateway.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: immutable on a Deployment, so only name and instance. The Triton NetworkPolicy admits
pods with exactly these labels.
*/}}
{{- define "gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "gateway.labels" -}}
helm.sh/chart: {{ include "gateway.chart" . }}
{{ include "gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ regexReplaceAll "[-_.]+$" (.Values.image.tag | trunc 63) "" | quote }}
app.kubernetes.io/component: gateway
app.kubernetes.io/part-of: spillway
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The directory part of an absolute file path ("/a/b/c" -> "/a/b"). */}}
{{- define "gateway.dir" -}}
{{- dir . }}
{{- end }}

{{/* An int-or-percent value: numbers as integers, "25%" strings quoted. */}}
{{- define "gateway.intOrPercent" -}}
{{- if kindIs "string" . }}{{ . | quote }}{{ else }}{{ int . }}{{ end }}
{{- end }}

{{/* Every container: no privilege, no capabilities, a read-only root file system. */}}
{{- define "gateway.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{- /* k8s-sidecar: the labelled level ConfigMap of this release, into the shared level directory. */}}
{{- define "gateway.switchEnv" -}}
- name: RESOURCE
  value: configmap
- name: NAMESPACE
  value: {{ .Release.Namespace | quote }}
- name: LABEL
  value: {{ .Values.level.label | quote }}
- name: LABEL_VALUE
  value: {{ include "gateway.fullname" . | quote }}
- name: FOLDER
  value: {{ include "gateway.dir" .Values.paths.levelFile | quote }}
- name: LOG_FORMAT
  value: JSON
{{- end }}
