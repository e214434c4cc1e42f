
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-sts' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-sts'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kubectl-sts' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show StatefulSets with their pods, PVCs and PVs per ordinal, and what looks wrong')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check StatefulSets with their Service, PodDisruptionBudgets, claims, volumes and pods for known mistakes')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Guided canary rollouts by stepping the partition down; status, pause/resume, history, undo')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Safe rolling restarts, one pod at a time, respecting PodDisruptionBudgets')
            [CompletionResult]::new('pvc', 'pvc', [CompletionResultType]::ParameterValue, 'PVC bindings per ordinal, orphaned PVCs (find and delete) and resizing')
            [CompletionResult]::new('recover', 'recover', [CompletionResultType]::ParameterValue, 'Find stuck pods and volumes, explain them, and fix them one by one with confirmation')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Shell completion scripts, and the hook that makes `kubectl sts <TAB>` work')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the plugin, kube-rs and API server versions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-sts;status' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;doctor' {
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding at or above this severity was found (silenced findings never count)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--list-checks', '--list-checks', [CompletionResultType]::ParameterName, 'Print every check (ID, severity, what it finds) and exit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;rollout' {
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Set the partition to N and wait until the pods it updates are new, at the update revision, Ready and stable. N counts from spec.ordinals.start: pods with ordinal >= start + N are updated. Asks first when pods will be replaced (without a terminal: --yes)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (for each step of a canary); exit code 3 when it passes')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'A pod counts as done once Ready for max(spec.minReadySeconds, this)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them')
            [CompletionResult]::new('--check-on', '--check-on', [CompletionResultType]::ParameterName, 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced')
            [CompletionResult]::new('--check-timeout', '--check-timeout', [CompletionResultType]::ParameterName, 'Limit of one check attempt (exec or HTTP request)')
            [CompletionResult]::new('--check-retries', '--check-retries', [CompletionResultType]::ParameterName, 'Attempts after a failing one, 1s apart doubling up to 10s, while the step''s deadline allows; then the step fails (exit 1)')
            [CompletionResult]::new('--snapshot-class', '--snapshot-class', [CompletionResultType]::ParameterName, 'With --snapshot: the VolumeSnapshotClass (default: the default class of the claims'' CSI driver)')
            [CompletionResult]::new('--snapshot-timeout', '--snapshot-timeout', [CompletionResultType]::ParameterName, 'With --snapshot: how long to wait for the snapshots to be ready')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--force-owned', '--force-owned', [CompletionResultType]::ParameterName, 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator''s custom resource), whose controller may put the change back; without a terminal it is required')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Before the first change, take a VolumeSnapshot of the claims of each pod about to change (every claim for a resize) and wait until all are ready; a failed snapshot stops the operation with nothing changed')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Wait until the rollout is done: every pod at or above the partition is at the update revision, Ready and stable, every pod below it still at the current revision. Exit 0 done, 1 a pod is failing, 3 timed out')
            [CompletionResult]::new('canary', 'canary', [CompletionResultType]::ParameterValue, 'Walk the partition down from the highest ordinal, K ordinals a step, checking health before and after each step, asking before the first step and between steps (without a terminal --yes is required)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Freeze the set: raise the partition to replicas so a new template can be applied without any pod changing; the old partition is recorded')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restore the partition recorded by `rollout pause`; asks first (or --yes) when that replaces pods')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'ControllerRevisions: revision, hash, images, change-cause, pods running each')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Restore the pod template of an earlier revision, then replace pods stuck at the bad revision (kubernetes#67250) once the revert has landed, and put the partition back where it was before the canary')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-sts;rollout;status' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (for each step of a canary); exit code 3 when it passes')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'A pod counts as done once Ready for max(spec.minReadySeconds, this)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;rollout;canary' {
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'Ordinals updated per step')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Partition to stop at (default: 0, every pod; resumed runs keep the recorded one)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (for each step of a canary); exit code 3 when it passes')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'A pod counts as done once Ready for max(spec.minReadySeconds, this)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them')
            [CompletionResult]::new('--check-on', '--check-on', [CompletionResultType]::ParameterName, 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced')
            [CompletionResult]::new('--check-timeout', '--check-timeout', [CompletionResultType]::ParameterName, 'Limit of one check attempt (exec or HTTP request)')
            [CompletionResult]::new('--check-retries', '--check-retries', [CompletionResultType]::ParameterName, 'Attempts after a failing one, 1s apart doubling up to 10s, while the step''s deadline allows; then the step fails (exit 1)')
            [CompletionResult]::new('--snapshot-class', '--snapshot-class', [CompletionResultType]::ParameterName, 'With --snapshot: the VolumeSnapshotClass (default: the default class of the claims'' CSI driver)')
            [CompletionResult]::new('--snapshot-timeout', '--snapshot-timeout', [CompletionResultType]::ParameterName, 'With --snapshot: how long to wait for the snapshots to be ready')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--force-owned', '--force-owned', [CompletionResultType]::ParameterName, 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator''s custom resource), whose controller may put the change back; without a terminal it is required')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Before the first change, take a VolumeSnapshot of the claims of each pod about to change (every claim for a resize) and wait until all are ready; a failed snapshot stops the operation with nothing changed')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;rollout;pause' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--force-owned', '--force-owned', [CompletionResultType]::ParameterName, 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator''s custom resource), whose controller may put the change back; without a terminal it is required')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;rollout;resume' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--force-owned', '--force-owned', [CompletionResultType]::ParameterName, 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator''s custom resource), whose controller may put the change back; without a terminal it is required')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;rollout;history' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;rollout;undo' {
            [CompletionResult]::new('--to-revision', '--to-revision', [CompletionResultType]::ParameterName, 'Revision number to restore (see `rollout history`), after showing what differs; default: the last revision recorded as fully rolled out and healthy, never one a canary halted on')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (for each step of a canary); exit code 3 when it passes')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'A pod counts as done once Ready for max(spec.minReadySeconds, this)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--force-owned', '--force-owned', [CompletionResultType]::ParameterName, 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator''s custom resource), whose controller may put the change back; without a terminal it is required')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;rollout;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Wait until the rollout is done: every pod at or above the partition is at the update revision, Ready and stable, every pod below it still at the current revision. Exit 0 done, 1 a pod is failing, 3 timed out')
            [CompletionResult]::new('canary', 'canary', [CompletionResultType]::ParameterValue, 'Walk the partition down from the highest ordinal, K ordinals a step, checking health before and after each step, asking before the first step and between steps (without a terminal --yes is required)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Freeze the set: raise the partition to replicas so a new template can be applied without any pod changing; the old partition is recorded')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restore the partition recorded by `rollout pause`; asks first (or --yes) when that replaces pods')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'ControllerRevisions: revision, hash, images, change-cause, pods running each')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Restore the pod template of an earlier revision, then replace pods stuck at the bad revision (kubernetes#67250) once the revert has landed, and put the partition back where it was before the canary')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-sts;rollout;help;status' {
            break
        }
        'kubectl-sts;rollout;help;canary' {
            break
        }
        'kubectl-sts;rollout;help;pause' {
            break
        }
        'kubectl-sts;rollout;help;resume' {
            break
        }
        'kubectl-sts;rollout;help;history' {
            break
        }
        'kubectl-sts;rollout;help;undo' {
            break
        }
        'kubectl-sts;rollout;help;help' {
            break
        }
        'kubectl-sts;restart' {
            [CompletionResult]::new('--pod', '--pod', [CompletionResultType]::ParameterName, 'Restart only this pod; repeat for several (default: every pod)')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Restart this pod (e.g. the primary or leader) last, never first')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'Each new pod must stay Ready this long before the next pod (at least the StatefulSet''s minReadySeconds)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long (exit 3), leaving a command that resumes')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them')
            [CompletionResult]::new('--check-on', '--check-on', [CompletionResultType]::ParameterName, 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced')
            [CompletionResult]::new('--check-timeout', '--check-timeout', [CompletionResultType]::ParameterName, 'Limit of one check attempt (exec or HTTP request)')
            [CompletionResult]::new('--check-retries', '--check-retries', [CompletionResultType]::ParameterName, 'Attempts after a failing one, 1s apart doubling up to 10s, while the step''s deadline allows; then the step fails (exit 1)')
            [CompletionResult]::new('--snapshot-class', '--snapshot-class', [CompletionResultType]::ParameterName, 'With --snapshot: the VolumeSnapshotClass (default: the default class of the claims'' CSI driver)')
            [CompletionResult]::new('--snapshot-timeout', '--snapshot-timeout', [CompletionResultType]::ParameterName, 'With --snapshot: how long to wait for the snapshots to be ready')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--disable-eviction', '--disable-eviction', [CompletionResultType]::ParameterName, 'Delete pods (with preconditions) instead of evicting them: PodDisruptionBudgets do NOT apply')
            [CompletionResult]::new('--via-template', '--via-template', [CompletionResultType]::ParameterName, 'Do what `kubectl rollout restart` does instead: set the restartedAt annotation of the pod template (new revision, rolled by the controller, ignoring PodDisruptionBudgets and capped by the partition)')
            [CompletionResult]::new('--force-owned', '--force-owned', [CompletionResultType]::ParameterName, 'With --via-template: change the pod template even when another object controls the set (a controller ownerReference, e.g. an operator), whose controller may put it back')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Before the first change, take a VolumeSnapshot of the claims of each pod about to change (every claim for a resize) and wait until all are ready; a failed snapshot stops the operation with nothing changed')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;pvc' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The PVC of every ordinal and claim template, with its PV and resize state')
            [CompletionResult]::new('orphans', 'orphans', [CompletionResultType]::ParameterValue, 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them')
            [CompletionResult]::new('resize', 'resize', [CompletionResultType]::ParameterValue, 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Take a VolumeSnapshot of each claim of a StatefulSet (or of some ordinals)')
            [CompletionResult]::new('snapshots', 'snapshots', [CompletionResultType]::ParameterValue, 'The VolumeSnapshots of a StatefulSet''s claims, per ordinal and template')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore one ordinal''s claim from a VolumeSnapshot while the other pods keep serving')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-sts;pvc;list' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;pvc;orphans' {
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'With --delete: delete only this orphaned PVC (repeatable); the way to delete a claim listed as a possible rename')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the orphans after showing the plan and asking for confirmation (claims that a live StatefulSet may own after a rename are left alone unless named with --claim)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;pvc;resize' {
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'New storage request, e.g. 20Gi (only growing is possible)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Only this claim template (default: every template)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for each PVC to grow, and for the pods to be adopted')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them')
            [CompletionResult]::new('--check-on', '--check-on', [CompletionResultType]::ParameterName, 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced')
            [CompletionResult]::new('--check-timeout', '--check-timeout', [CompletionResultType]::ParameterName, 'Limit of one check attempt (exec or HTTP request)')
            [CompletionResult]::new('--check-retries', '--check-retries', [CompletionResultType]::ParameterName, 'Attempts after a failing one, 1s apart doubling up to 10s, while the step''s deadline allows; then the step fails (exit 1)')
            [CompletionResult]::new('--snapshot-class', '--snapshot-class', [CompletionResultType]::ParameterName, 'With --snapshot: the VolumeSnapshotClass (default: the default class of the claims'' CSI driver)')
            [CompletionResult]::new('--snapshot-timeout', '--snapshot-timeout', [CompletionResultType]::ParameterName, 'With --snapshot: how long to wait for the snapshots to be ready')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--restart-pods', '--restart-pods', [CompletionResultType]::ParameterName, 'Restart, one at a time through the Eviction API (as `kubectl sts restart`), the pods whose file system waits for a restart')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Before the first change, take a VolumeSnapshot of the claims of each pod about to change (every claim for a resize) and wait until all are ready; a failed snapshot stops the operation with nothing changed')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;pvc;snapshot' {
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Only the claims of this claim template (default: every template)')
            [CompletionResult]::new('--ordinal', '--ordinal', [CompletionResultType]::ParameterName, 'Only this ordinal (repeatable; default: every live ordinal)')
            [CompletionResult]::new('--class', '--class', [CompletionResultType]::ParameterName, 'VolumeSnapshotClass (default: the default class of the claims'' CSI driver)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'With --wait: how long to wait')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be created: `client` sends nothing, `server` sends each create with dryRun=All')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until every snapshot is ready to use, and report failures per claim')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;pvc;snapshots' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;pvc;restore' {
            [CompletionResult]::new('--ordinal', '--ordinal', [CompletionResultType]::ParameterName, 'The ordinal whose claim is restored')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The VolumeSnapshot to restore from (in the set''s namespace)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The claim template (required when the set has several)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for each step (the pod to go, the claims to bind, the pod to be Ready)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--discard-old', '--discard-old', [CompletionResultType]::ParameterName, 'Delete the replaced claim''s volume instead of keeping it under a new claim name (asks to type the claim''s name)')
            [CompletionResult]::new('--again', '--again', [CompletionResultType]::ParameterName, 'Restore again a claim already restored from this snapshot (what was written since is replaced; without it such a run changes nothing)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;pvc;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The PVC of every ordinal and claim template, with its PV and resize state')
            [CompletionResult]::new('orphans', 'orphans', [CompletionResultType]::ParameterValue, 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them')
            [CompletionResult]::new('resize', 'resize', [CompletionResultType]::ParameterValue, 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Take a VolumeSnapshot of each claim of a StatefulSet (or of some ordinals)')
            [CompletionResult]::new('snapshots', 'snapshots', [CompletionResultType]::ParameterValue, 'The VolumeSnapshots of a StatefulSet''s claims, per ordinal and template')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore one ordinal''s claim from a VolumeSnapshot while the other pods keep serving')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-sts;pvc;help;list' {
            break
        }
        'kubectl-sts;pvc;help;orphans' {
            break
        }
        'kubectl-sts;pvc;help;resize' {
            break
        }
        'kubectl-sts;pvc;help;snapshot' {
            break
        }
        'kubectl-sts;pvc;help;snapshots' {
            break
        }
        'kubectl-sts;pvc;help;restore' {
            break
        }
        'kubectl-sts;pvc;help;help' {
            break
        }
        'kubectl-sts;recover' {
            [CompletionResult]::new('--confirm-node-down', '--confirm-node-down', [CompletionResultType]::ParameterName, 'State that NODE is really down (powered off, not just unreachable): allows force deleting the pods stuck Terminating on it. Without it, only a node with the node.kubernetes.io/out-of-service taint or a deleted Node allows that. Must match the node name exactly; repeat for several nodes')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long each fix may take to show its effect on re-reading (e.g. 90s, 5m): the pod that replaces a deleted broken pod Ready at the update revision, a deleted object gone, a created claim Bound. A deletion still held by finalizers is reported after at most 15s')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them')
            [CompletionResult]::new('--check-on', '--check-on', [CompletionResultType]::ParameterName, 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced')
            [CompletionResult]::new('--check-timeout', '--check-timeout', [CompletionResultType]::ParameterName, 'Limit of one check attempt (exec or HTTP request)')
            [CompletionResult]::new('--check-retries', '--check-retries', [CompletionResultType]::ParameterName, 'Attempts after a failing one, 1s apart doubling up to 10s, while the step''s deadline allows; then the step fails (exit 1)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply the proposed actions one by one, each after its own confirmation')
            [CompletionResult]::new('--remove-finalizers', '--remove-finalizers', [CompletionResultType]::ParameterName, 'Also offer removing finalizers that block a deletion (last resort; each removal asks for the object''s name)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation prompts; required when not on a terminal')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;completion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('bash', 'bash', [CompletionResultType]::ParameterValue, 'Print the bash completion script for kubectl-sts')
            [CompletionResult]::new('zsh', 'zsh', [CompletionResultType]::ParameterValue, 'Print the zsh completion script for kubectl-sts')
            [CompletionResult]::new('fish', 'fish', [CompletionResultType]::ParameterValue, 'Print the fish completion script for kubectl-sts')
            [CompletionResult]::new('powershell', 'powershell', [CompletionResultType]::ParameterValue, 'Print the PowerShell completion script for kubectl-sts')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install kubectl_complete-sts, which makes `kubectl sts <TAB>` work (kubectl 1.26+)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-sts;completion;bash' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;completion;zsh' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;completion;fish' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;completion;powershell' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;completion;install' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory to write kubectl_complete-sts to (default: the directory of the kubectl-sts that runs); it must be on PATH for kubectl to find it')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;completion;help' {
            [CompletionResult]::new('bash', 'bash', [CompletionResultType]::ParameterValue, 'Print the bash completion script for kubectl-sts')
            [CompletionResult]::new('zsh', 'zsh', [CompletionResultType]::ParameterValue, 'Print the zsh completion script for kubectl-sts')
            [CompletionResult]::new('fish', 'fish', [CompletionResultType]::ParameterValue, 'Print the fish completion script for kubectl-sts')
            [CompletionResult]::new('powershell', 'powershell', [CompletionResultType]::ParameterValue, 'Print the PowerShell completion script for kubectl-sts')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install kubectl_complete-sts, which makes `kubectl sts <TAB>` work (kubectl 1.26+)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-sts;completion;help;bash' {
            break
        }
        'kubectl-sts;completion;help;zsh' {
            break
        }
        'kubectl-sts;completion;help;fish' {
            break
        }
        'kubectl-sts;completion;help;powershell' {
            break
        }
        'kubectl-sts;completion;help;install' {
            break
        }
        'kubectl-sts;completion;help;help' {
            break
        }
        'kubectl-sts;version' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the context''s namespace)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate for the operation')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate for the operation; repeat for several groups')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation''s --timeout instead. A request that passes it fails the command (exit 1), naming the API server')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster''s, and works without any kubeconfig')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster''s CA and insecure-skip-tls-verify')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to check the server certificate against, instead of the server''s host')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for authentication to the API server; replaces the kubeconfig user''s credentials. Printed commands show it as "$TOKEN", never its value')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'Path to a client certificate file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Path to a client key file for TLS; overrides the kubeconfig user''s')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto means on a terminal and NO_COLOR unset')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level; 6 or more prints every API request to stderr')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Print only the client side; do not contact the API server')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Look in every namespace')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('--disable-compression', '--disable-compression', [CompletionResultType]::ParameterName, 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-sts;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show StatefulSets with their pods, PVCs and PVs per ordinal, and what looks wrong')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check StatefulSets with their Service, PodDisruptionBudgets, claims, volumes and pods for known mistakes')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Guided canary rollouts by stepping the partition down; status, pause/resume, history, undo')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Safe rolling restarts, one pod at a time, respecting PodDisruptionBudgets')
            [CompletionResult]::new('pvc', 'pvc', [CompletionResultType]::ParameterValue, 'PVC bindings per ordinal, orphaned PVCs (find and delete) and resizing')
            [CompletionResult]::new('recover', 'recover', [CompletionResultType]::ParameterValue, 'Find stuck pods and volumes, explain them, and fix them one by one with confirmation')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Shell completion scripts, and the hook that makes `kubectl sts <TAB>` work')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the plugin, kube-rs and API server versions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-sts;help;status' {
            break
        }
        'kubectl-sts;help;doctor' {
            break
        }
        'kubectl-sts;help;rollout' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Wait until the rollout is done: every pod at or above the partition is at the update revision, Ready and stable, every pod below it still at the current revision. Exit 0 done, 1 a pod is failing, 3 timed out')
            [CompletionResult]::new('canary', 'canary', [CompletionResultType]::ParameterValue, 'Walk the partition down from the highest ordinal, K ordinals a step, checking health before and after each step, asking before the first step and between steps (without a terminal --yes is required)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Freeze the set: raise the partition to replicas so a new template can be applied without any pod changing; the old partition is recorded')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Restore the partition recorded by `rollout pause`; asks first (or --yes) when that replaces pods')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'ControllerRevisions: revision, hash, images, change-cause, pods running each')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Restore the pod template of an earlier revision, then replace pods stuck at the bad revision (kubernetes#67250) once the revert has landed, and put the partition back where it was before the canary')
            break
        }
        'kubectl-sts;help;rollout;status' {
            break
        }
        'kubectl-sts;help;rollout;canary' {
            break
        }
        'kubectl-sts;help;rollout;pause' {
            break
        }
        'kubectl-sts;help;rollout;resume' {
            break
        }
        'kubectl-sts;help;rollout;history' {
            break
        }
        'kubectl-sts;help;rollout;undo' {
            break
        }
        'kubectl-sts;help;restart' {
            break
        }
        'kubectl-sts;help;pvc' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The PVC of every ordinal and claim template, with its PV and resize state')
            [CompletionResult]::new('orphans', 'orphans', [CompletionResultType]::ParameterValue, 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them')
            [CompletionResult]::new('resize', 'resize', [CompletionResultType]::ParameterValue, 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Take a VolumeSnapshot of each claim of a StatefulSet (or of some ordinals)')
            [CompletionResult]::new('snapshots', 'snapshots', [CompletionResultType]::ParameterValue, 'The VolumeSnapshots of a StatefulSet''s claims, per ordinal and template')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore one ordinal''s claim from a VolumeSnapshot while the other pods keep serving')
            break
        }
        'kubectl-sts;help;pvc;list' {
            break
        }
        'kubectl-sts;help;pvc;orphans' {
            break
        }
        'kubectl-sts;help;pvc;resize' {
            break
        }
        'kubectl-sts;help;pvc;snapshot' {
            break
        }
        'kubectl-sts;help;pvc;snapshots' {
            break
        }
        'kubectl-sts;help;pvc;restore' {
            break
        }
        'kubectl-sts;help;recover' {
            break
        }
        'kubectl-sts;help;completion' {
            [CompletionResult]::new('bash', 'bash', [CompletionResultType]::ParameterValue, 'Print the bash completion script for kubectl-sts')
            [CompletionResult]::new('zsh', 'zsh', [CompletionResultType]::ParameterValue, 'Print the zsh completion script for kubectl-sts')
            [CompletionResult]::new('fish', 'fish', [CompletionResultType]::ParameterValue, 'Print the fish completion script for kubectl-sts')
            [CompletionResult]::new('powershell', 'powershell', [CompletionResultType]::ParameterValue, 'Print the PowerShell completion script for kubectl-sts')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install kubectl_complete-sts, which makes `kubectl sts <TAB>` work (kubectl 1.26+)')
            break
        }
        'kubectl-sts;help;completion;bash' {
            break
        }
        'kubectl-sts;help;completion;zsh' {
            break
        }
        'kubectl-sts;help;completion;fish' {
            break
        }
        'kubectl-sts;help;completion;powershell' {
            break
        }
        'kubectl-sts;help;completion;install' {
            break
        }
        'kubectl-sts;help;version' {
            break
        }
        'kubectl-sts;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
