<#
.SYNOPSIS
    Azure Automation child runbook (PowerShell 7.4 runtime): check one shard of a fleet and return its result file.
.DESCRIPTION
    Started by Invoke-RealtimeFleetRunbook.ps1 with -Shard and -Shards. It finds the accounts again with the managed
    identity, keeps its own shard (Split-RealtimeFleet gives every account the same shard on every machine), reads their
    deployments and writes the result file with Export-RealtimeFleetReport -Format Json. Its output is the content of
    that file, which the parent merges; accounts the identity cannot read are failed rows, not a failed job.
#>
param(
    [Parameter(Mandatory)] [ValidateRange(1, 256)] [int] $Shard,
    [Parameter(Mandatory)] [ValidateRange(1, 256)] [int] $Shards,
    [string] $ManagementGroup,
    [string] $ResourceManagerEndpoint = 'https://management.azure.com'
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module RealtimeOps -RequiredVersion 0.1.0

$fleet = @{ Identity = $true; ResourceManagerEndpoint = $ResourceManagerEndpoint }
$scope = if ($ManagementGroup) { @{ ManagementGroup = $ManagementGroup } } else { @{} }
$accounts = (Find-RealtimeAccount @fleet @scope | Split-RealtimeFleet -Shards $Shards -Index $Shard).Accounts
$path = Join-Path ([IO.Path]::GetTempPath()) "realtime-fleet-shard-$Shard.json"
$accounts | Get-RealtimeDeployment @fleet -ErrorAction Continue 2>&1 |
    Export-RealtimeFleetReport -Path $path -Format Json -Scope "shard $Shard of $Shards" -Force | Out-Null
Get-Content -LiteralPath $path -Raw
