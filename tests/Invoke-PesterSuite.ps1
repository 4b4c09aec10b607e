<#
.SYNOPSIS
    Runs every tests/*.Tests.ps1 against the built module (out/ only) and writes pass/fail counts as JSON.
    Called by build.ps1 Test in a fresh pwsh process.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $PackageRoot,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string[]] $Path = @($PSScriptRoot),
    # Tags to leave out (build.ps1 Test -Fast passes Slow); empty runs everything.
    [string[]] $ExcludeTag = @()
)
$ErrorActionPreference = 'Stop'
# Plain text everywhere: no ANSI escapes in failure messages, result files or child processes.
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
Import-Module $PesterPath -RequiredVersion 5.7.1

# The tests read these to find the built module, fresh-process pwsh and restored packages.
$env:REALTIMEOPS_MODULE_PATH = (Resolve-Path $ModulePath).Path
$env:REALTIMEOPS_PACKAGE_ROOT = $PackageRoot
$env:REALTIMEOPS_REPO_ROOT = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$ExcludeTag = @($ExcludeTag | Where-Object { $_ })
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = [IO.Path]::ChangeExtension($ResultPath, '.junit.xml')
try {
    $result = Invoke-Pester -Configuration $config
}
catch {
    # A run that dies (for instance while writing its report) counts as failed, never as passed.
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } | ConvertTo-Json | Set-Content -LiteralPath $ResultPath
    exit 1
}

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -LiteralPath $ResultPath
if ($failed -gt 0 -or $result.PassedCount -eq 0) { exit 1 }
exit 0
