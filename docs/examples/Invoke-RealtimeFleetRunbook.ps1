<#
.SYNOPSIS
    Azure Automation parent runbook (PowerShell 7.4 runtime): check every realtime deployment of a fleet by starting
    one child runbook per shard, within the Automation account's concurrency limit, and write one HTML report.
.DESCRIPTION
    A fleet of thousands of accounts does not fit one Automation job (3-hour fair share, 400 MB sandbox). This runbook
    finds the accounts with Azure Resource Graph, works out how many shards it needs (-AccountsPerShard), and starts the
    child runbook Invoke-RealtimeFleetShard once per shard with Start-AzAutomationRunbook, never more than
    -ConcurrencyLimit at a time (Automation runs 50 jobs at once on an Enterprise Agreement, 10 on pay-as-you-go). Each
    child returns its result file as its output; this runbook collects them and writes fleet.html and fleet.csv.

    Set up once: import RealtimeOps, Az.Accounts and Az.Automation into the Automation account; publish
    Invoke-RealtimeFleetShard.ps1 as the child runbook; give the account's managed identity Reader on the management
    group (for the sweep) and Automation Job Operator on the Automation account (to start the children).
#>
param(
    [Parameter(Mandatory)] [string] $AutomationAccountName,
    [Parameter(Mandatory)] [string] $ResourceGroupName,
    [string] $ChildRunbook = 'Invoke-RealtimeFleetShard',
    [string] $ManagementGroup,
    [ValidateRange(1, 100000)] [int] $AccountsPerShard = 250,
    [ValidateRange(1, 200)] [int] $ConcurrencyLimit = 10,
    [string] $ResourceManagerEndpoint = 'https://management.azure.com',
    [string] $ReportFolder = [IO.Path]::GetTempPath(),
    [ValidateRange(0, 600)] [int] $PollSeconds = 30
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module RealtimeOps -RequiredVersion 0.1.0

Connect-AzAccount -Identity | Out-Null
$fleet = @{ Identity = $true; ResourceManagerEndpoint = $ResourceManagerEndpoint }
$scope = if ($ManagementGroup) { @{ ManagementGroup = $ManagementGroup } } else { @{} }
$accounts = @(Find-RealtimeAccount @fleet @scope)
$shards = [Math]::Max(1, [Math]::Min(256, [int][Math]::Ceiling($accounts.Count / $AccountsPerShard)))
Write-Output "$($accounts.Count) account(s) in $shards shard(s), at most $ConcurrencyLimit child job(s) at a time."

$pending = [System.Collections.Generic.Queue[int]]::new([int[]](1..$shards))
$running = @{}
$automation = @{ AutomationAccountName = $AutomationAccountName; ResourceGroupName = $ResourceGroupName }
while ($pending.Count -gt 0 -or $running.Count -gt 0) {
    while ($pending.Count -gt 0 -and $running.Count -lt $ConcurrencyLimit) {
        $shard = $pending.Dequeue()
        $parameters = @{ Shard = $shard; Shards = $shards; ManagementGroup = $ManagementGroup; ResourceManagerEndpoint = $ResourceManagerEndpoint }
        $job = Start-AzAutomationRunbook @automation -Name $ChildRunbook -Parameters $parameters
        $running[[string] $job.JobId] = $shard
    }
    if ($PollSeconds -gt 0) { Start-Sleep -Seconds $PollSeconds }
    foreach ($id in @($running.Keys)) {
        $job = Get-AzAutomationJob @automation -Id $id
        if ($job.Status -notin 'Completed', 'Failed', 'Stopped', 'Suspended') { continue }
        $shard = $running[$id]
        $running.Remove($id)
        if ($job.Status -ne 'Completed') { Write-Warning "Shard $shard of $shards ended $($job.Status) (job $id): its accounts are missing from the report."; continue }
        # The child's last output record is its result file.
        $record = Get-AzAutomationJobOutput @automation -Id $id -Stream Output | Select-Object -Last 1 | Get-AzAutomationJobOutputRecord @automation
        Set-Content -LiteralPath (Join-Path $ReportFolder "shard-$shard.json") -Value $record.Value.value -Encoding utf8
    }
}

$results = Join-Path $ReportFolder 'shard-*.json'
$report = Export-RealtimeFleetReport -Path (Join-Path $ReportFolder 'fleet.html') -InputPath $results -Force
Export-RealtimeFleetReport -Path (Join-Path $ReportFolder 'fleet.csv') -InputPath $results -Force | Out-Null
if ($report.Failed -gt 0) { Write-Warning "Realtime fleet: $($report.Failed) deployment(s) failed their checks." }
$report
