{{/* Chart name, truncated to 63 characters (a label value's limit). */}}
{{- define "plumbline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: <release>-plumbline, or the release name when it already contains the chart name. */}}
{{- define "plumbline.fullname" -}}
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

{{- define "plumbline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "plumbline.labels" -}}
helm.sh/chart: {{ include "plumbline.chart" . }}
{{ include "plumbline.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: agent
app.kubernetes.io/part-of: plumbline
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels: immutable on a Deployment, so only name and instance. */}}
{{- define "plumbline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "plumbline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "plumbline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "plumbline.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The namespace holding inventory and sync history: stateNamespace, else the release namespace. */}}
{{- define "plumbline.stateNamespace" -}}
{{- default .Release.Namespace .Values.stateNamespace }}
{{- end }}

{{/* "true" when leader election is on: forced, or more than one replica. */}}
{{- define "plumbline.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) (eq (include "plumbline.haMode" .) "sharded") }}true{{ else }}false{{ end }}
{{- end }}

{{- define "plumbline.haMode" -}}
{{- $mode := .Values.ha.mode | default "leader" }}
{{- if not (has $mode (list "leader" "sharded")) }}
{{- fail (printf "ha.mode must be leader or sharded, not %s" $mode) }}
{{- end }}
{{- $mode }}
{{- end }}

{{- define "plumbline.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
plumbline.environments: the list form when no environment has limits; else the map form, every environment with
require-approval (an empty map would not reach the agent) and the operator's limits in the agent's key names.
*/}}
{{- define "plumbline.environments" -}}
{{- if not .Values.limits }}
{{- toYaml (dict "environments" .Values.environments) }}
{{- else }}
{{- $envs := dict }}
{{- range $name := .Values.environments }}
{{- $_ := set $envs $name (dict "require-approval" false) }}
{{- end }}
{{- range $name, $l := .Values.limits }}
{{- if not (has $name $.Values.environments) }}
{{- fail (printf "limits.%s: %s is not in environments %v" $name $name $.Values.environments) }}
{{- end }}
{{- $e := dict "require-approval" (default false $l.requireApproval) }}
{{- if hasKey $l "namespaces" }}
{{- $_ := set $e "namespaces" $l.namespaces }}
{{- end }}
{{- if hasKey $l "clusterScoped" }}
{{- $_ := set $e "cluster-scoped" $l.clusterScoped }}
{{- end }}
{{- if $l.serviceAccount }}
{{- $_ := set $e "service-account" $l.serviceAccount }}
{{- end }}
{{- $_ := set $envs $name $e }}
{{- end }}
{{- toYaml (dict "environments" $envs) }}
{{- end }}
{{- end }}

{{/* The agent's application.yml (Micronaut configuration), from the values. */}}
{{- define "plumbline.config" -}}
{{- $repo := dict "branch" .Values.repo.branch "poll-interval" .Values.repo.pollInterval "cache-dir" "/var/cache/plumbline" }}
{{- if .Values.repo.url }}
{{- $_ := set $repo "url" .Values.repo.url }}
{{- end }}
{{- if .Values.git.existingSecret }}
{{- if eq .Values.git.auth "token" }}
{{- $_ := set $repo "token-file" "/etc/plumbline/git/token" }}
{{- else if eq .Values.git.auth "basic" }}
{{- $_ := set $repo "username-file" "/etc/plumbline/git/username" }}
{{- $_ := set $repo "password-file" "/etc/plumbline/git/password" }}
{{- else if eq .Values.git.auth "ssh" }}
{{- $_ := set $repo "ssh-key-file" "/etc/plumbline/git/ssh-privatekey" }}
{{- $_ := set $repo "known-hosts-file" "/etc/plumbline/git/known_hosts" }}
{{- else }}
{{- fail (printf "git.auth must be token, basic or ssh, not %q" .Values.git.auth) }}
{{- end }}
{{- end }}
{{- $leader := dict "enabled" (eq (include "plumbline.leaderElection" .) "true") "lease-name" (include "plumbline.fullname" .) "lease-namespace" .Release.Namespace }}
{{- $plumbline := dict "repo" $repo "environments" (include "plumbline.environments" . | fromYaml).environments "state-namespace" (include "plumbline.stateNamespace" .) "leader-election" $leader "ha" (dict "mode" (include "plumbline.haMode" .)) }}
{{- if .Values.rbac.namespaces }}
{{- $_ := set $plumbline "namespaces" .Values.rbac.namespaces }}
{{- end }}
{{- if .Values.instance }}
{{- $_ := set $plumbline "instance" .Values.instance }}
{{- end }}
{{- if .Values.api.existingSecret }}
{{- $_ := set $plumbline "api" (dict "token-file" "/etc/plumbline/api/token") }}
{{- end }}
{{- if .Values.webhook.existingSecret }}
{{- $_ := set $plumbline "webhook" (dict "secret-file" "/etc/plumbline/webhook/secret") }}
{{- end }}
{{- $config := dict "plumbline" $plumbline }}
{{- toYaml (mustMergeOverwrite $config (deepCopy .Values.extraConfig)) }}
{{- end }}

{{/* Rules the agent needs for itself in the release namespace: leader Leases, Events, state ConfigMaps. */}}
{{/*
plumbline.impersonated: the ServiceAccounts of limits.<env>.serviceAccount as YAML {namespace: [names]}; a bare name
lies in the state namespace, as the agent reads it.
*/}}
{{- define "plumbline.impersonated" -}}
{{- $state := include "plumbline.stateNamespace" . }}
{{- $accounts := dict }}
{{- range $env, $l := .Values.limits }}
{{- if $l.serviceAccount }}
{{- $parts := splitList "/" $l.serviceAccount }}
{{- if gt (len $parts) 2 }}
{{- fail (printf "limits.%s.serviceAccount: expected name or namespace/name, got %s" $env $l.serviceAccount) }}
{{- end }}
{{- $ns := ternary (first $parts) $state (eq (len $parts) 2) }}
{{- $_ := set $accounts $ns (append (default (list) (get $accounts $ns)) (last $parts) | uniq | sortAlpha) }}
{{- end }}
{{- end }}
{{- toYaml $accounts }}
{{- end }}

{{- define "plumbline.ownRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}
