# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_sts_global_optspecs
    string join \n kubeconfig= context= cluster= user= n/namespace= A/all-namespaces as= as-group= request-timeout= insecure-skip-tls-verify o/output= color= v/v= h/help V/version
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
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "status" -d 'Show StatefulSets with their pods, PVCs and PVs per ordinal, and what looks wrong'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "rollout" -d 'Guided canary rollouts by stepping the partition down (not implemented yet)'
complete -c kubectl-sts -n "__fish_kubectl_sts_needs_command" -f -a "restart" -d 'Safe rolling restarts, one pod at a time, respecting PodDisruptionBudgets (not implemented yet)'
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand status" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand rollout" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand restart" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -f -a "list" -d 'The PVC of every ordinal and claim template, with its PV and resize state'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -f -a "orphans" -d 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -f -a "resize" -d 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and not __fish_seen_subcommand_from list orphans resize help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l delete -d 'Delete the orphans after showing the plan and asking for confirmation'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from orphans" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l size -d 'New storage request, e.g. 20Gi (only growing is possible)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l template -d 'Only this claim template (default: every template)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l timeout -d 'How long to wait for each PVC to grow, and for the pods to be adopted' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
wide\t'Tables with more columns'
json\t'The documented JSON report'
yaml\t'The documented report as YAML'
name\t'kind/name of each object, one per line'"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l color -d 'When to use colors: auto means on a terminal and NO_COLOR unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s v -l v -d 'Log level; 6 or more prints every API request to stderr' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l restart-pods -d 'Restart pods whose file system waits for a restart (not implemented yet)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s y -l yes -d 'Answer yes to confirmation prompts; required when not on a terminal'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s A -l all-namespaces -d 'Look in every namespace'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from resize" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "list" -d 'The PVC of every ordinal and claim template, with its PV and resize state'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "orphans" -d 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "resize" -d 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand pvc; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l confirm-node-down -d 'State that NODE is really down (powered off, not just unreachable): allows force deleting the pods stuck Terminating on it. Without it, only a node with the node.kubernetes.io/out-of-service taint or a deleted Node allows that. Must match the node name exactly; repeat for several nodes' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l timeout -d 'How long to wait for the pod that replaces a deleted broken pod to be Ready at the update revision (e.g. 90s, 5m)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l dry-run -d 'Only show what would be done: `client` sends nothing, `server` sends each write with dryRun=All so the API server validates it' -r -f -a "client\t''
server\t''"
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand recover" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install help" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from bash" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from fish" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l kubeconfig -d 'Path to the kubeconfig file to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s n -l namespace -d 'Namespace (default: the context\'s namespace)' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l as -d 'Username to impersonate for the operation' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l as-group -d 'Group to impersonate for the operation; repeat for several groups' -r
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand completion; and __fish_seen_subcommand_from install" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -l request-timeout -d 'How long to wait for one API request before giving up (e.g. 5s, 1m; 0 means no limit)' -r
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
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand version" -s V -l version -d 'Print version'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status rollout restart pvc recover completion version help" -f -a "status" -d 'Show StatefulSets with their pods, PVCs and PVs per ordinal, and what looks wrong'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status rollout restart pvc recover completion version help" -f -a "rollout" -d 'Guided canary rollouts by stepping the partition down (not implemented yet)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status rollout restart pvc recover completion version help" -f -a "restart" -d 'Safe rolling restarts, one pod at a time, respecting PodDisruptionBudgets (not implemented yet)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status rollout restart pvc recover completion version help" -f -a "pvc" -d 'PVC bindings per ordinal, orphaned PVCs (find and delete) and resizing'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status rollout restart pvc recover completion version help" -f -a "recover" -d 'Find stuck pods and volumes, explain them, and fix them one by one with confirmation'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status rollout restart pvc recover completion version help" -f -a "completion" -d 'Shell completion scripts, and the hook that makes `kubectl sts <TAB>` work'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status rollout restart pvc recover completion version help" -f -a "version" -d 'Print the plugin, kube-rs and API server versions'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and not __fish_seen_subcommand_from status rollout restart pvc recover completion version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "list" -d 'The PVC of every ordinal and claim template, with its PV and resize state'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "orphans" -d 'Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from pvc" -f -a "resize" -d 'Grow every PVC of a StatefulSet and recreate it with the new claim template sizes'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "bash" -d 'Print the bash completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "zsh" -d 'Print the zsh completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "fish" -d 'Print the fish completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "powershell" -d 'Print the PowerShell completion script for kubectl-sts'
complete -c kubectl-sts -n "__fish_kubectl_sts_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "install" -d 'Install kubectl_complete-sts, which makes `kubectl sts <TAB>` work (kubectl 1.26+)'
