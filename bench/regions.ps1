<#
.SYNOPSIS
    Region search cost: Find-RealtimeRegion over every region of the catalog (read four at a time) against the same
    reads made one region after another (Get-RealtimeModel -Location with all the regions), in the same run.
.DESCRIPTION
    Both read each region's model list and usages from the loopback emulator over HTTPS with a managed identity
    (the real Azure.Identity ManagedIdentityCredential), through the module's pipeline with exchange recording. They
    alternate for -Rounds rounds so machine noise hits both alike. The emulator answers in well under a millisecond,
    so this measures the module's own cost per region and what bounded concurrency saves of it; against real Azure
    Resource Manager, where a read takes tens to hundreds of milliseconds, the saving is larger.
    Prints the medians and the ratio (search / sequential); target: <= 1.0.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/regions.ps1 -ModulePath out/RealtimeOps/0.1.0
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Rounds = 7
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
if (-not $env:REALTIMEOPS_REPO_ROOT) { $env:REALTIMEOPS_REPO_ROOT = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path }
$env:REALTIMEOPS_MODULE_PATH = (Resolve-Path $ModulePath).Path
Import-Module (Join-Path $env:REALTIMEOPS_REPO_ROOT 'tests/TestHelpers.psm1') -Force
Import-Module (Join-Path $env:REALTIMEOPS_REPO_ROOT 'tests/EmulatorHelpers.psm1') -Force

$emu = Start-RealtimeOpsEmulator -Https
$saved = Set-EmulatorIdentityEnvironment -Emulator $emu
$savedCert = $env:SSL_CERT_FILE
$env:SSL_CERT_FILE = $emu.CertificatePath
try {
    $script = @'
$ErrorActionPreference = 'Stop'
Import-Module '__MODULE__'
Connect-RealtimeOps -Endpoint '__BASE__' -Identity -SubscriptionId '__SUB__' -ResourceManagerEndpoint '__BASE__'
$all = @('eastus2','swedencentral','centralus','eastus','westus','westus2','westus3','northcentralus','southcentralus','canadaeast','brazilsouth','westeurope','northeurope','francecentral','germanywestcentral','italynorth','norwayeast','polandcentral','spaincentral','switzerlandnorth','uksouth','uaenorth','southafricanorth','australiaeast','japaneast','koreacentral','southindia','southeastasia')
# Warm both paths (token, pipeline, JIT) before timing.
$null = Find-RealtimeRegion -Model gpt-realtime, gpt-4o-transcribe -Location $all
$null = Get-RealtimeModel -Location $all
$search = [Collections.Generic.List[double]]::new(); $sequential = [Collections.Generic.List[double]]::new()
$watch = [Diagnostics.Stopwatch]::new()
for ($i = 0; $i -lt __ROUNDS__; $i++) {
    $watch.Restart(); $found = @(Find-RealtimeRegion -Model gpt-realtime, gpt-4o-transcribe -Location $all); $search.Add($watch.Elapsed.TotalMilliseconds)
    $watch.Restart(); $null = Get-RealtimeModel -Location $all; $sequential.Add($watch.Elapsed.TotalMilliseconds)
}
function Median($xs) { $s = @($xs | Sort-Object); $s[[int][math]::Floor($s.Count / 2)] }
[ordered]@{ Regions = $all.Count; Found = @($found.Region); Search = (Median $search); Sequential = (Median $sequential) } | ConvertTo-Json -Compress
'@
    $script = $script.Replace('__MODULE__', (Get-RealtimeOpsModulePath)).Replace('__BASE__', $emu.BaseUri).Replace('__SUB__', $emu.SubscriptionId).Replace('__ROUNDS__', "$Rounds")
    $run = Invoke-FreshPwsh -Script $script -TimeoutSeconds 600
    if ($run.ExitCode -ne 0) { throw "The benchmark process failed: $($run.StdErr)" }
    $r = $run.StdOut | ConvertFrom-Json
    "regions read per call:        $($r.Regions) (qualifying: $($r.Found -join ', '))"
    "Find-RealtimeRegion (4 at a time), median of ${Rounds}: {0:N0} ms" -f $r.Search
    "same reads one by one (Get-RealtimeModel -Location), median: {0:N0} ms" -f $r.Sequential
    "ratio search / sequential: {0:N2} (target <= 1.0)" -f ($r.Search / $r.Sequential)
}
finally {
    $env:SSL_CERT_FILE = $savedCert
    Restore-EmulatorIdentityEnvironment -Previous $saved
    $emu | Stop-RealtimeOpsEmulator
}
