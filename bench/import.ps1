<#
.SYNOPSIS
    What Import-Module RealtimeOps adds to a fresh pwsh start: median of N runs of
    `pwsh -NoProfile -Command 'Import-Module <module>'` against `pwsh -NoProfile -Command '$null'`, same run.
    Target: the import adds at most 100 ms.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Runs = 15
)
$ErrorActionPreference = 'Stop'
$manifest = Join-Path (Resolve-Path $ModulePath) 'RealtimeOps.psd1'
$host_ = (Get-Process -Id $PID).Path
$prefix = @()
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
if (Test-Path $pwshDll) { $prefix = @($pwshDll) }

function Measure-Start([string] $Command) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $host_ @prefix -NoProfile -NonInteractive -Command $Command | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed ($LASTEXITCODE)." }
    $sw.Elapsed.TotalMilliseconds
}
function Get-Median([double[]] $Values) {
    $s = $Values | Sort-Object
    if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
}

# Warm the disk cache once for both, then interleave so machine noise hits both alike.
Measure-Start '$null' | Out-Null
Measure-Start "Import-Module '$manifest'" | Out-Null
$baseline = [Collections.Generic.List[double]]::new()
$import = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Runs; $i++) {
    $baseline.Add((Measure-Start '$null'))
    $import.Add((Measure-Start "Import-Module '$manifest'"))
}
$b = Get-Median $baseline
$m = Get-Median $import
'{0,-34} {1,8:N0} ms (median of {2})' -f "pwsh -Command '`$null'", $b, $Runs
'{0,-34} {1,8:N0} ms (median of {2})' -f 'pwsh -Command Import-Module', $m, $Runs
'import adds                        {0,8:N0} ms   ratio {1:N3}  (target: at most 100 ms)' -f ($m - $b), ($m / $b)
