<#
.SYNOPSIS
    The validator's agreement with the labels of tests/corpus: the share of cases whose distinct rule ids equal
    exactly the ids expected.json lists for them.
.DESCRIPTION
    Runs Test-TranscriptionConfig of the given built module over every case of tests/corpus (with the case's -Target,
    -Region, -Endpoint and -Deployment) and compares the distinct rule ids with expected.json. Prints the agreement and
    the cases that disagree. Useful to compare two builds on the same corpus (for example before and after a catalog
    refresh).
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/corpus-agreement.ps1 -ModulePath out/RealtimeOps/0.1.0
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Corpus = (Join-Path $PSScriptRoot '../tests/corpus')
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Resolve-Path $ModulePath) 'RealtimeOps.psd1') -Force
$expected = Get-Content (Join-Path $Corpus 'expected.json') -Raw | ConvertFrom-Json -AsHashtable
$agree = 0
$disagree = [System.Collections.Generic.List[string]]::new()
foreach ($name in ($expected.Keys | Sort-Object)) {
    $case = $expected[$name]
    $parameters = @{ LiteralPath = (Join-Path $Corpus $name); Annotations = 'None' }
    if ($case.target) { $parameters.Target = $case.target }
    if ($case.region) { $parameters.Region = $case.region }
    if ($case.endpoint) { $parameters.Endpoint = $case.endpoint }
    if ($case.deployments) { $parameters.Deployment = @($case.deployments.GetEnumerator() | ForEach-Object { if ($_.Value) { "$($_.Key)=$($_.Value)" } else { $_.Key } }) }
    $result = Test-TranscriptionConfig @parameters
    $actual = @($result.Diagnostics.RuleId | Sort-Object -Unique -CaseSensitive)
    $want = @($case.rules | Sort-Object -Unique -CaseSensitive)
    if (($actual -join ',') -ceq ($want -join ',')) { $agree++ }
    else { $disagree.Add("$name expected [$($want -join ', ')] got [$($actual -join ', ')]") }
}
$total = $expected.Count
'{0} of {1} cases agree exactly: {2:P1}' -f $agree, $total, ($agree / $total)
$disagree | ForEach-Object { "  $_" }
