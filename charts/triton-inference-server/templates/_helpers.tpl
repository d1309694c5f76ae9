{{/*
Chart name, truncated to the 63 characters of a DNS-1123 label.
*/}}
{{- define "triton.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name used as the prefix of every namespaced resource: <release>-<chart name>, or <release> when it
already contains the chart name; fullnameOverride replaces it.
*/}}
{{- define "triton.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
helm.sh/chart label value: <chart>-<version>, with "+" (not allowed in label values) replaced.
*/}}
{{- define "triton.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Standard Helm labels for every resource.
app.kubernetes.io/version follows the deployed image tag, not the chart's default appVersion.
*/}}
{{- define "triton.labels" -}}
helm.sh/chart: {{ include "triton.chart" . }}
{{ include "triton.selectorLabels" . }}
app.kubernetes.io/version: {{ regexReplaceAll "[-_.]+$" (.Values.image.tag | trunc 63) "" | quote }}
app.kubernetes.io/component: inference-server
app.kubernetes.io/part-of: spillway
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels: immutable on a Deployment, so only name and instance.
*/}}
{{- define "triton.selectorLabels" -}}
app.kubernetes.io/name: {{ include "triton.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "triton.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "triton.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "triton.priorityClassName" -}}
{{- if .Values.priorityClass.create }}
{{- default (include "triton.fullname" .) .Values.priorityClass.name }}
{{- else }}
{{- required "priorityClass.name is required when priorityClass.create is false" .Values.priorityClass.name }}
{{- end }}
{{- end }}

{{- define "triton.serviceName" -}}
{{- default (include "triton.fullname" .) .Values.service.name }}
{{- end }}

{{/*
An IntOrString value: integers unquoted, percentages quoted.
*/}}
{{- define "triton.intOrPercent" -}}
{{- if kindIs "string" . }}{{ . | quote }}{{ else }}{{ int . }}{{ end }}
{{- end }}

{{/*
Name of the environment variable that carries the restricted-API header value from its Secret; the kubelet
expands $(NAME) references to it in the container args.
*/}}
{{- define "triton.restrictedApiEnv" -}}
TRITON_RESTRICTED_API_KEY
{{- end }}

{{/*
Cross-field rules that values.schema.json (draft-07) cannot express. Included by the Deployment so that
`helm template` and `helm install` fail with a message naming the values to fix.
*/}}
{{- define "triton.validate" -}}
{{- $v := .Values }}
{{- if gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas) }}
{{- fail (printf "autoscaling.minReplicas (%d) must not exceed autoscaling.maxReplicas (%d)" (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- end }}
{{- if le (int $v.scheduling.baselineWeight) (int $v.scheduling.burstWeight) }}
{{- fail (printf "scheduling.baselineWeight (%d) must be greater than scheduling.burstWeight (%d): baseline nodes are preferred over burst nodes" (int $v.scheduling.baselineWeight) (int $v.scheduling.burstWeight)) }}
{{- end }}
{{- if eq $v.scheduling.baselineRole $v.scheduling.burstRole }}
{{- fail "scheduling.baselineRole and scheduling.burstRole must differ" }}
{{- end }}
{{- $drain := add $v.preStopSleepSeconds $v.triton.exitTimeoutSeconds }}
{{- if le (int $v.terminationGracePeriodSeconds) (int $drain) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be greater than preStopSleepSeconds + triton.exitTimeoutSeconds (%d) so in-flight requests finish before SIGKILL" (int $v.terminationGracePeriodSeconds) (int $drain)) }}
{{- end }}
{{- if ge (int $v.startupProbe.timeoutSeconds) (int $v.startupProbe.periodSeconds) }}
{{- fail "startupProbe.timeoutSeconds must be less than startupProbe.periodSeconds" }}
{{- end }}
{{- if ge (int $v.readinessProbe.timeoutSeconds) (int $v.readinessProbe.periodSeconds) }}
{{- fail "readinessProbe.timeoutSeconds must be less than readinessProbe.periodSeconds" }}
{{- end }}
{{- if ge (int $v.livenessProbe.timeoutSeconds) (int $v.livenessProbe.periodSeconds) }}
{{- fail "livenessProbe.timeoutSeconds must be less than livenessProbe.periodSeconds" }}
{{- end }}
{{- $ports := list (int $v.ports.http) (int $v.ports.grpc) (int $v.ports.metrics) }}
{{- if ne (len ($ports | uniq)) 3 }}
{{- fail (printf "ports.http, ports.grpc and ports.metrics must be distinct, got %v" $ports) }}
{{- end }}
{{- $zero := list "0" "0%" }}
{{- if and (has (toString $v.updateStrategy.maxSurge) $zero) (has (toString $v.updateStrategy.maxUnavailable) $zero) }}
{{- fail "updateStrategy.maxSurge and updateStrategy.maxUnavailable must not both be 0" }}
{{- end }}
{{- range $arg := $v.triton.extraArgs }}
{{- $flag := regexReplaceAll "=.*$" $arg "" }}
{{- if has $flag (list "--model-repository" "--model-store" "--model-control-mode" "--load-model" "--strict-readiness" "--exit-on-error" "--exit-timeout-secs" "--http-port" "--grpc-port" "--metrics-port" "--allow-metrics" "--allow-http" "--allow-grpc" "--http-restricted-api" "--grpc-restricted-protocol" "--model-load-thread-count" "--disable-auto-complete-config" "--log-verbose" "--log-format") }}
{{- fail (printf "triton.extraArgs must not set %s: the chart renders it from its own values" $flag) }}
{{- end }}
{{- end }}
{{- if and $v.restrictedApi.enabled (has "health" $v.restrictedApi.groups) }}
{{- fail "restrictedApi.groups must not contain health: the kubelet probes /v2/health/* without the header" }}
{{- end }}
{{- end }}
