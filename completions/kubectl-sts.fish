# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_sts_global_optspecs
    string join \n kubeconfig= context= cluster= user= n/namespace= A/all-namespaces as= as-group= request-timeout= insecure-skip-tls-verify s/server= certificate-authority= tls-server-name= token= client-certificate= client-key= disable-compression o/output= color= v/v= h/help V/version
end

function __fish_kubectl_sts_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_sts_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_sts_using_subcommand
    set -l cmd (__fish_kubectl_sts_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "status" -d 'Show StatefulSets with their pods, PVCs and PVs per ordinal, and what looks wrong'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "doctor" -d 'Check StatefulSets with their Service, PodDisruptionBudgets, claims, volumes and pods for known mistakes'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "rollout" -d 'Guided canary rollouts by stepping the partition down; status, pause/resume, history, undo'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "restart" -d 'Safe rolling restarts, one pod at a time, respecting PodDisruptionBudgets'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "pvc" -d 'PVC bindings per ordinal, orphaned PVCs (find and delete) and resizing'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "recover" -d 'Find stuck pods and volumes, explain them, and fix them one by one with confirmation'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "completion" -d 'Shell completion scripts, and the hook that makes `kubectl sts <TAB>` work'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "version" -d 'Print the plugin, kube-rs and API server versions'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l fail-on -d 'Exit 1 when a finding at or above this severity was found (silenced findings never count)' -r -f -a "error\t'Exit 1 on an error'
warning\t'Exit 1 on a warning or an error'
info\t'Exit 1 on any finding'
never\t'Always exit 0 once the report is printed'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l list-checks -d 'Print every check (ID, severity, what it finds) and exit'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l partition -d 'Set the partition to N and wait until the pods it updates are new, at the update revision, Ready and stable. N counts from spec.ordinals.start: pods with ordinal >= start + N are updated. Asks first when pods will be replaced (without a terminal: --yes)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l timeout -d 'How long to wait (for each step of a canary); exit code 3 when it passes' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l min-ready -d 'A pod counts as done once Ready for max(spec.minReadySeconds, this)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l check -d 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l check-on -d 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced' -r -f -a "new\t''
all\t''
others\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l check-timeout -d 'Limit of one check attempt (exec or HTTP request)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l check-retries -d 'Attempts after a failing one, 1s apart doubling up to 10s, while the step\'s deadline allows; then the step fails (exit 1)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l snapshot-class -d 'With --snapshot: the VolumeSnapshotClass (default: the default class of the claims\' CSI driver)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l snapshot-timeout -d 'With --snapshot: how long to wait for the snapshots to be ready' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l force-owned -d 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator\'s custom resource), whose controller may put the change back; without a terminal it is required'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l snapshot -d 'Before the first change, take a VolumeSnapshot of the claims of each pod about to change (every claim for a resize) and wait until all are ready; a failed snapshot stops the operation with nothing changed'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -a "status" -d 'Wait until the rollout is done: every pod at or above the partition is at the update revision, Ready and stable, every pod below it still at the current revision. Exit 0 done, 1 a pod is failing, 3 timed out'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -a "canary" -d 'Walk the partition down from the highest ordinal, K ordinals a step, checking health before and after each step, asking before the first step and between steps (without a terminal --yes is required)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -a "pause" -d 'Freeze the set: raise the partition to replicas so a new template can be applied without any pod changing; the old partition is recorded'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -a "resume" -d 'Restore the partition recorded by `rollout pause`; asks first (or --yes) when that replaces pods'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -a "history" -d 'ControllerRevisions: revision, hash, images, change-cause, pods running each'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -a "undo" -d 'Restore the pod template of an earlier revision, then replace pods stuck at the bad revision (kubernetes#67250) once the revert has landed, and put the partition back where it was before the canary'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and not __fish_seen_subcommand_from status canary pause resume history undo help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l timeout -d 'How long to wait (for each step of a canary); exit code 3 when it passes' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l min-ready -d 'A pod counts as done once Ready for max(spec.minReadySeconds, this)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l step -d 'Ordinals updated per step' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l to -d 'Partition to stop at (default: 0, every pod; resumed runs keep the recorded one)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l timeout -d 'How long to wait (for each step of a canary); exit code 3 when it passes' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l min-ready -d 'A pod counts as done once Ready for max(spec.minReadySeconds, this)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l check -d 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l check-on -d 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced' -r -f -a "new\t''
all\t''
others\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l check-timeout -d 'Limit of one check attempt (exec or HTTP request)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l check-retries -d 'Attempts after a failing one, 1s apart doubling up to 10s, while the step\'s deadline allows; then the step fails (exit 1)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l snapshot-class -d 'With --snapshot: the VolumeSnapshotClass (default: the default class of the claims\' CSI driver)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l snapshot-timeout -d 'With --snapshot: how long to wait for the snapshots to be ready' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l force-owned -d 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator\'s custom resource), whose controller may put the change back; without a terminal it is required'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l snapshot -d 'Before the first change, take a VolumeSnapshot of the claims of each pod about to change (every claim for a resize) and wait until all are ready; a failed snapshot stops the operation with nothing changed'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from canary" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l force-owned -d 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator\'s custom resource), whose controller may put the change back; without a terminal it is required'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l force-owned -d 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator\'s custom resource), whose controller may put the change back; without a terminal it is required'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l to-revision -d 'Revision number to restore (see `rollout history`), after showing what differs; default: the last revision recorded as fully rolled out and healthy, never one a canary halted on' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l timeout -d 'How long to wait (for each step of a canary); exit code 3 when it passes' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l min-ready -d 'A pod counts as done once Ready for max(spec.minReadySeconds, this)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l force-owned -d 'Write the StatefulSet even when another object controls it (a controller ownerReference, e.g. an operator\'s custom resource), whose controller may put the change back; without a terminal it is required'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "status" -d 'Wait until the rollout is done: every pod at or above the partition is at the update revision, Ready and stable, every pod below it still at the current revision. Exit 0 done, 1 a pod is failing, 3 timed out'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "canary" -d 'Walk the partition down from the highest ordinal, K ordinals a step, checking health before and after each step, asking before the first step and between steps (without a terminal --yes is required)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Freeze the set: raise the partition to replicas so a new template can be applied without any pod changing; the old partition is recorded'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Restore the partition recorded by `rollout pause`; asks first (or --yes) when that replaces pods'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "history" -d 'ControllerRevisions: revision, hash, images, change-cause, pods running each'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Restore the pod template of an earlier revision, then replace pods stuck at the bad revision (kubernetes#67250) once the revert has landed, and put the partition back where it was before the canary'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l pod -d 'Restart only this pod; repeat for several (default: every pod)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l last -d 'Restart this pod (e.g. the primary or leader) last, never first' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l min-ready -d 'Each new pod must stay Ready this long before the next pod (at least the StatefulSet\'s minReadySeconds)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l timeout -d 'Stop after this long (exit 3), leaving a command that resumes' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l check -d 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l check-on -d 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced' -r -f -a "new\t''
all\t''
others\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l check-timeout -d 'Limit of one check attempt (exec or HTTP request)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l check-retries -d 'Attempts after a failing one, 1s apart doubling up to 10s, while the step\'s deadline allows; then the step fails (exit 1)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l snapshot-class -d 'With --snapshot: the VolumeSnapshotClass (default: the default class of the claims\' CSI driver)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l snapshot-timeout -d 'With --snapshot: how long to wait for the snapshots to be ready' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l disable-eviction -d 'Delete pods (with preconditions) instead of evicting them: PodDisruptionBudgets do NOT apply'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l via-template -d 'Do what `kubectl rollout restart` does instead: set the restartedAt annotation of the pod template (new revision, rolled by the controller, ignoring PodDisruptionBudgets and capped by the partition)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l force-owned -d 'With --via-template: change the pod template even when another object controls the set (a controller ownerReference, e.g. an operator), whose controller may put it back'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l snapshot -d 'Before the first change, take a VolumeSnapshot of the claims of each pod about to change (every claim for a resize) and wait until all are ready; a failed snapshot stops the operation with nothing changed'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -f -a "list" -d 'The PVC of every ordinal and claim template, with its PV and resize state'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -f -a "orphans" -d 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -f -a "resize" -d 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -f -a "snapshot" -d 'Take a VolumeSnapshot of each claim of a StatefulSet (or of some ordinals)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -f -a "snapshots" -d 'The VolumeSnapshots of a StatefulSet\'s claims, per ordinal and template'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -f -a "restore" -d 'Restore one ordinal\'s claim from a VolumeSnapshot while the other pods keep serving'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize snapshot snapshots restore help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l claim -d 'With --delete: delete only this orphaned PVC (repeatable); the way to delete a claim listed as a possible rename' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l delete -d 'Delete the orphans after showing the plan and asking for confirmation (claims that a live StatefulSet may own after a rename are left alone unless named with --claim)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l size -d 'New storage request, e.g. 20Gi (only growing is possible)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l template -d 'Only this claim template (default: every template)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l timeout -d 'How long to wait for each PVC to grow, and for the pods to be adopted' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l check -d 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l check-on -d 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced' -r -f -a "new\t''
all\t''
others\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l check-timeout -d 'Limit of one check attempt (exec or HTTP request)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l check-retries -d 'Attempts after a failing one, 1s apart doubling up to 10s, while the step\'s deadline allows; then the step fails (exit 1)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l snapshot-class -d 'With --snapshot: the VolumeSnapshotClass (default: the default class of the claims\' CSI driver)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l snapshot-timeout -d 'With --snapshot: how long to wait for the snapshots to be ready' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l restart-pods -d 'Restart, one at a time through the Eviction API (as `kubectl sts restart`), the pods whose file system waits for a restart'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l snapshot -d 'Before the first change, take a VolumeSnapshot of the claims of each pod about to change (every claim for a resize) and wait until all are ready; a failed snapshot stops the operation with nothing changed'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l template -d 'Only the claims of this claim template (default: every template)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l ordinal -d 'Only this ordinal (repeatable; default: every live ordinal)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l class -d 'VolumeSnapshotClass (default: the default class of the claims\' CSI driver)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l timeout -d 'With --wait: how long to wait' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l dry-run -d 'Only show what would be created: `client` sends nothing, `server` sends each create with dryRun=All' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l wait -d 'Wait until every snapshot is ready to use, and report failures per claim'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshot" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from snapshots" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l ordinal -d 'The ordinal whose claim is restored' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l from -d 'The VolumeSnapshot to restore from (in the set\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l template -d 'The claim template (required when the set has several)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l timeout -d 'How long to wait for each step (the pod to go, the claims to bind, the pod to be Ready)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l discard-old -d 'Delete the replaced claim\'s volume instead of keeping it under a new claim name (asks to type the claim\'s name)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l again -d 'Restore again a claim already restored from this snapshot (what was written since is replaced; without it such a run changes nothing)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from restore" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "list" -d 'The PVC of every ordinal and claim template, with its PV and resize state'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "orphans" -d 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "resize" -d 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "snapshot" -d 'Take a VolumeSnapshot of each claim of a StatefulSet (or of some ordinals)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "snapshots" -d 'The VolumeSnapshots of a StatefulSet\'s claims, per ordinal and template'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Restore one ordinal\'s claim from a VolumeSnapshot while the other pods keep serving'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l confirm-node-down -d 'State that NODE is really down (powered off, not just unreachable): allows force deleting the pods stuck Terminating on it. Without it, only a node with the node.kubernetes.io/out-of-service taint or a deleted Node allows that. Must match the node name exactly; repeat for several nodes' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l timeout -d 'How long each fix may take to show its effect on re-reading (e.g. 90s, 5m): the pod that replaces a deleted broken pod Ready at the update revision, a deleted object gone, a created claim Bound. A deletion still held by finalizers is reported after at most 15s' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l check -d 'Application health check that must pass after each replaced pod is Ready and stable, and again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0 passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses them' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l check-on -d 'Which pods the checks run on: the pod just replaced, every pod, or every pod but the one going down or just replaced' -r -f -a "new\t''
all\t''
others\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l check-timeout -d 'Limit of one check attempt (exec or HTTP request)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l check-retries -d 'Attempts after a failing one, 1s apart doubling up to 10s, while the step\'s deadline allows; then the step fails (exit 1)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l fix -d 'Apply the proposed actions one by one, each after its own confirmation'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l remove-finalizers -d 'Also offer removing finalizers that block a deletion (last resort; each removal asks for the object\'s name)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -f -a "bash" -d 'Print the bash completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -f -a "zsh" -d 'Print the zsh completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -f -a "fish" -d 'Print the fish completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -f -a "powershell" -d 'Print the PowerShell completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -f -a "install" -d 'Install kubectl_complete-sts, which makes `kubectl sts <TAB>` work (kubectl 1.26+)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l dir -d 'Directory to write kubectl_complete-sts to (default: the directory of the kubectl-sts that runs); it must be on PATH for kubectl to find it' -r -f -a "(__fish_complete_directories)"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "bash" -d 'Print the bash completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "zsh" -d 'Print the zsh completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "fish" -d 'Print the fish completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "powershell" -d 'Print the PowerShell completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install kubectl_complete-sts, which makes `kubectl sts <TAB>` work (kubectl 1.26+)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit. Watches are bounded by the operation\'s --timeout instead. A request that passes it fails the command (exit 1), naming the API server' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s s -l server -d 'The address and port of the Kubernetes API server; overrides the kubeconfig cluster\'s, and works without any kubeconfig' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l certificate-authority -d 'Path to a cert file for the certificate authority; overrides the kubeconfig cluster\'s CA and insecure-skip-tls-verify' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l tls-server-name -d 'Name to check the server certificate against, instead of the server\'s host' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l token -d 'Bearer token for authentication to the API server; replaces the kubeconfig user\'s credentials. Printed commands show it as "$TOKEN", never its value' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l client-certificate -d 'Path to a client certificate file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l client-key -d 'Path to a client key file for TLS; overrides the kubeconfig user\'s' -r -F
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l client -d 'Print only the client side; do not contact the API server'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l disable-compression -d 'Do not ask the server for compressed responses (kubectl-sts never asks; accepted for kubectl compatibility and repeated in printed commands)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "status" -d 'Show StatefulSets with their pods, PVCs and PVs per ordinal, and what looks wrong'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "doctor" -d 'Check StatefulSets with their Service, PodDisruptionBudgets, claims, volumes and pods for known mistakes'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "rollout" -d 'Guided canary rollouts by stepping the partition down; status, pause/resume, history, undo'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "restart" -d 'Safe rolling restarts, one pod at a time, respecting PodDisruptionBudgets'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "pvc" -d 'PVC bindings per ordinal, orphaned PVCs (find and delete) and resizing'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "recover" -d 'Find stuck pods and volumes, explain them, and fix them one by one with confirmation'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "completion" -d 'Shell completion scripts, and the hook that makes `kubectl sts <TAB>` work'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "version" -d 'Print the plugin, kube-rs and API server versions'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status doctor rollout restart pvc recover completion version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "status" -d 'Wait until the rollout is done: every pod at or above the partition is at the update revision, Ready and stable, every pod below it still at the current revision. Exit 0 done, 1 a pod is failing, 3 timed out'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "canary" -d 'Walk the partition down from the highest ordinal, K ordinals a step, checking health before and after each step, asking before the first step and between steps (without a terminal --yes is required)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "pause" -d 'Freeze the set: raise the partition to replicas so a new template can be applied without any pod changing; the old partition is recorded'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "resume" -d 'Restore the partition recorded by `rollout pause`; asks first (or --yes) when that replaces pods'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "history" -d 'ControllerRevisions: revision, hash, images, change-cause, pods running each'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "undo" -d 'Restore the pod template of an earlier revision, then replace pods stuck at the bad revision (kubernetes#67250) once the revert has landed, and put the partition back where it was before the canary'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "list" -d 'The PVC of every ordinal and claim template, with its PV and resize state'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "orphans" -d 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "resize" -d 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "snapshot" -d 'Take a VolumeSnapshot of each claim of a StatefulSet (or of some ordinals)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "snapshots" -d 'The VolumeSnapshots of a StatefulSet\'s claims, per ordinal and template'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "restore" -d 'Restore one ordinal\'s claim from a VolumeSnapshot while the other pods keep serving'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "bash" -d 'Print the bash completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "zsh" -d 'Print the zsh completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "fish" -d 'Print the fish completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "powershell" -d 'Print the PowerShell completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "install" -d 'Install kubectl_complete-sts, which makes `kubectl sts <TAB>` work (kubectl 1.26+)'
