#requires -Version 7.4
<#
.SYNOPSIS
    The one entry point for building, testing, documenting, benchmarking, demonstrating and packaging RealtimeOps.
.DESCRIPTION
    Run it through the repository's local tool: dotnet tool restore; dotnet pwsh ./build.ps1 <Task>
    Tasks: Build, Check, Test, Docs, Bench, Demo, Package, Clean, Emulator, Catalog.
.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 Test
.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 Demo
.EXAMPLE
    dotnet pwsh -NoProfile -File ./build.ps1 Test -Fast
    The quick loop while editing: skips xunit tests with the trait Category=Slow and Pester blocks tagged Slow.
.PARAMETER Fast
    Test only: leave out the slow tests (xunit trait Category=Slow: fuzzers, bounded-memory and real-timer tests;
    Pester tag Slow: fresh pwsh processes, emulator-heavy blocks, the guides). CI runs Test without it: everything.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Extra arguments for the Emulator task (e.g. -Scenario transcription-500).
    [string] $Scenario = 'healthy',

    # Test: the quick loop, without the tests marked slow (see .PARAMETER Fast).
    [switch] $Fast,

    # For the Catalog task: the OpenAPI document to regenerate the GA field tables from (default: the committed copy).
    [string] $OpenApi
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Manifest = Import-PowerShellDataFile (Join-Path $Root 'RealtimeOps.psd1')
$Version = $Manifest.ModuleVersion
$OutRoot = Join-Path $Root 'out'
$ModuleOut = Join-Path $OutRoot "RealtimeOps/$Version"
$ArtifactsDir = Join-Path $OutRoot 'artifacts'
$DotNet = (Get-Process -Id $PID).Path   # dotnet itself when run as a local tool
if ((Split-Path $DotNet -Leaf) -notmatch '^dotnet(\.exe)?$') { $DotNet = 'dotnet' }
$PwshDll = Join-Path $PSHOME 'pwsh.dll'

$KnownTasks = [ordered]@{
    Build    = 'Compile the engine and cmdlets and lay out out/RealtimeOps/<version>/ ready to import.'
    Check    = 'Verify formatting (dotnet format, .editorconfig) and build src with warnings as errors.'
    Test     = 'Check, build, run xunit, then Pester in a fresh pwsh against out/ only.'
    Docs     = 'Compile docs/en-US markdown to MAML and about_ help text in the built module.'
    Bench    = 'Run the benchmarks under bench/ (each prints a ratio against a named peer).'
    Demo     = 'Build, start the emulator and run the triage as a user would.'
    Package  = 'Zip the built module for an Azure Automation account.'
    Clean    = 'Remove out/ and every bin/obj folder.'
    Emulator = 'Build and start the Azure stand-in on 127.0.0.1 (-Scenario <name>); Ctrl+C stops it.'
    Catalog  = 'Regenerate Catalog/ga-fields.json from an OpenAPI document (-OpenApi <path>) plus the Azure overlay, and docs/rules.md from rules.json.'
}

function Write-Step([string] $Text) { Write-Host "==> $Text" -ForegroundColor Cyan }

# A simple function (no param block): an advanced one would try to bind dotnet's own -o/-c as common parameters.
function Invoke-DotNet {
    # A simple function on purpose: arguments such as -o and -c pass through untouched.
    $Arguments = $args
    & $DotNet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & $DotNet nuget locals global-packages --list
    return ($line -replace '^global-packages:\s*', '').Trim()
}

# Packages the tests and build tools need that are not project references: Pester, older Azure pairs.
function Restore-ToolPackages {
    Write-Step 'Restoring tool packages (Pester and the isolation-test Azure pairs)'
    Invoke-DotNet restore (Join-Path $Root 'build/tools.proj') --verbosity quiet
    $packages = Get-NuGetPackageRoot
    $pester = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester 5.7.1 was not restored to $pester." }
    return $packages
}

function Invoke-Build {
    Write-Step "Building RealtimeOps $Version ($Configuration)"
    $staging = Join-Path $OutRoot 'staging'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    Invoke-DotNet publish (Join-Path $Root 'src/RealtimeOps.Engine/RealtimeOps.Engine.csproj') -c $Configuration -o (Join-Path $staging 'engine') --nologo --verbosity quiet
    Invoke-DotNet build (Join-Path $Root 'src/RealtimeOps/RealtimeOps.csproj') -c $Configuration -o (Join-Path $staging 'cmdlets') --nologo --verbosity quiet

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $deps = Join-Path $ModuleOut 'dependencies'
    New-Item -ItemType Directory -Path $deps -Force | Out-Null
    Copy-Item (Join-Path $Root 'RealtimeOps.psd1') $ModuleOut
    Copy-Item (Join-Path $staging 'cmdlets/RealtimeOps.dll') $ModuleOut
    foreach ($format in $Manifest.FormatsToProcess) { Copy-Item (Join-Path $Root "src/RealtimeOps/$format") $ModuleOut }
    Get-ChildItem (Join-Path $staging 'engine') -File |
        Where-Object { $_.Extension -in '.dll', '.json' -and $_.Name -notlike '*.deps.json' } |
        Copy-Item -Destination $deps
    Remove-Item $staging -Recurse -Force
    Invoke-Docs
    Write-Host "Module ready: $ModuleOut"
}

function Invoke-Docs {
    Write-Step 'Compiling help (docs/en-US -> en-US/RealtimeOps.dll-Help.xml, about_RealtimeOps.help.txt)'
    $helpOut = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $helpOut -Force | Out-Null
    $docs = Join-Path $Root 'docs/en-US'
    if (Get-Module -ListAvailable -Name platyPS) {
        Import-Module platyPS
        New-ExternalHelp -Path $docs -OutputPath $helpOut -Force | Out-Null
        Write-Host 'Help compiled with PlatyPS.'
    }
    else {
        $compiler = Join-Path $Root 'build/RealtimeOps.HelpCompiler/RealtimeOps.HelpCompiler.csproj'
        Invoke-DotNet run --project $compiler -c Release --verbosity quiet '--' --input $docs --output $helpOut --module RealtimeOps
    }
}

# The compiler as reviewer: formatting as .editorconfig says, and src free of warnings (nullable, analyzers).
function Invoke-Check {
    $solution = Join-Path $Root 'RealtimeOps.sln'
    Write-Step 'Checking formatting (dotnet format whitespace --verify-no-changes)'
    Invoke-DotNet format whitespace $solution --verify-no-changes --verbosity quiet
    Write-Step "Building src with warnings as errors ($Configuration)"
    # The cmdlet project builds the engine too; no-incremental so an up-to-date build still reports its warnings.
    Invoke-DotNet build (Join-Path $Root 'src/RealtimeOps/RealtimeOps.csproj') -c $Configuration --nologo --verbosity quiet --no-incremental '-p:TreatWarningsAsErrors=true'
    Write-Host 'Check passed: formatting verified, no compiler or analyzer warnings in src.'
}

function Get-TrxCounts([string] $TrxPath) {
    [xml] $trx = Get-Content -LiteralPath $TrxPath -Raw
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted }
}

function Invoke-Test {
    Invoke-Check
    Invoke-Build
    New-ModulePackage   # the Pester suite checks the Azure Automation package too
    $packages = Restore-ToolPackages
    $results = Join-Path $OutRoot 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results -Force | Out-Null

    Write-Step 'xunit: engine tests'
    $xunitFailed = $false
    $xunitCounts = [pscustomobject]@{ Passed = 0; Failed = 0 }
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Filter '*.Tests.csproj' -Recurse) {
        $trx = "$($project.BaseName).trx"
        $filter = if ($Fast) { @('--filter', 'Category!=Slow') } else { @() }
        & $DotNet test $project.FullName -c $Configuration --nologo --logger "trx;LogFileName=$trx" --results-directory $results @filter
        if ($LASTEXITCODE -ne 0) { $xunitFailed = $true }
        $file = Join-Path $results $trx
        if (Test-Path $file) {
            $c = Get-TrxCounts $file
            $xunitCounts.Passed += $c.Passed; $xunitCounts.Failed += $c.Failed
        }
        else { $xunitFailed = $true; $xunitCounts.Failed += 1; Write-Warning "No test results from $($project.Name): the run did not complete." }
    }

    Write-Step 'pester: the built module, in a fresh pwsh'
    $pesterResult = Join-Path $results 'pester.json'
    $pesterFilter = if ($Fast) { @('-ExcludeTag', 'Slow') } else { @() }
    & $DotNet $PwshDll -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Invoke-PesterSuite.ps1') `
        -ModulePath $ModuleOut -PesterPath (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1') `
        -PackageRoot $packages -ResultPath $pesterResult @pesterFilter
    $pesterExit = $LASTEXITCODE
    $pesterCounts = if (Test-Path $pesterResult) { Get-Content $pesterResult -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1 } }

    Write-Host ''
    Write-Host "xunit: $($xunitCounts.Passed) passed, $($xunitCounts.Failed) failed"
    Write-Host "pester: $($pesterCounts.Passed) passed, $($pesterCounts.Failed) failed"
    if ($xunitFailed -or $xunitCounts.Failed -gt 0 -or $pesterExit -ne 0 -or $pesterCounts.Failed -gt 0 -or $pesterCounts.Passed -eq 0 -or $xunitCounts.Passed -eq 0) {
        throw 'Tests failed.'
    }
}

function Invoke-Bench {
    Invoke-Build
    foreach ($bench in Get-ChildItem (Join-Path $Root 'bench') -Filter '*.ps1' | Sort-Object Name) {
        Write-Step "Benchmark $($bench.Name)"
        & $DotNet $PwshDll -NoProfile -NonInteractive -File $bench.FullName -ModulePath $ModuleOut
        if ($LASTEXITCODE -ne 0) { throw "Benchmark $($bench.Name) failed." }
    }
}

function Invoke-Package {
    Invoke-Build
    New-ModulePackage
}

function New-ModulePackage {
    New-Item -ItemType Directory -Path $ArtifactsDir -Force | Out-Null
    $zip = Join-Path $ArtifactsDir "RealtimeOps-$Version.zip"
    if (Test-Path $zip) { Remove-Item $zip -Force }
    # Azure Automation wants a zip whose top folder is named like the module, paths under 140 characters.
    $stage = Join-Path $OutRoot 'package-stage'
    if (Test-Path $stage) { Remove-Item $stage -Recurse -Force }
    New-Item -ItemType Directory -Path $stage | Out-Null
    Copy-Item $ModuleOut (Join-Path $stage 'RealtimeOps') -Recurse
    $long = Get-ChildItem $stage -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($stage, $_.FullName) } | Where-Object Length -ge 140
    if ($long) { throw "Paths too long for Azure Automation (140 characters): $($long -join ', ')" }
    Compress-Archive -Path (Join-Path $stage 'RealtimeOps') -DestinationPath $zip
    Remove-Item $stage -Recurse -Force
    $size = (Get-Item $zip).Length
    if ($size -ge 100MB) { throw "Package is $([math]::Round($size / 1MB, 1)) MB; Azure Automation accepts under 100 MB." }
    Write-Host "Package: $zip ($([math]::Round($size / 1MB, 2)) MB)"
}

function Get-EmulatorDll {
    $project = Join-Path $Root 'tests/RealtimeOps.Emulator/RealtimeOps.Emulator.csproj'
    $outDir = Join-Path $OutRoot 'emulator'
    # Build output goes to the host: only the path may reach the caller's variable.
    Invoke-DotNet build $project -c $Configuration -o $outDir --nologo --verbosity quiet | Out-Host
    return (Join-Path $outDir 'RealtimeOps.Emulator.dll')
}

function Invoke-Emulator {
    $dll = Get-EmulatorDll
    Write-Step "Starting the emulator ($Scenario); Ctrl+C stops it"
    & $DotNet $dll --port 0 --scenario $Scenario
}

function Invoke-Demo {
    Invoke-Build
    $dll = Get-EmulatorDll
    & $DotNet $PwshDll -NoProfile -NonInteractive -File (Join-Path $Root 'docs/examples/Invoke-DemoTriage.ps1') -ModulePath $ModuleOut -EmulatorPath $dll
    if ($LASTEXITCODE -ne 0) { throw 'The demo failed.' }
}

function Invoke-Catalog {
    $spec = if ($OpenApi) { (Resolve-Path -LiteralPath $OpenApi).ProviderPath } else { Join-Path $Root 'build/openapi/openai-realtime-2026-08-21.yml' }
    Write-Step "Regenerating the GA field tables from $spec and docs/rules.md from rules.json"
    $catalog = Join-Path $Root 'src/RealtimeOps.Engine/Catalog'
    $generator = Join-Path $Root 'build/RealtimeOps.CatalogGenerator/RealtimeOps.CatalogGenerator.csproj'
    Invoke-DotNet run --project $generator -c Release --verbosity quiet '--' `
        --openapi $spec --overlay (Join-Path $catalog 'azure-overlay.json') --tables (Join-Path $catalog 'ga-fields.json') `
        --rules (Join-Path $catalog 'rules.json') --rules-template (Join-Path $Root 'build/RealtimeOps.CatalogGenerator/rules.template.md') `
        --rules-doc (Join-Path $Root 'docs/rules.md')
    Write-Host 'Review the diff (git diff src/RealtimeOps.Engine/Catalog docs/rules.md): see docs/maintaining-the-catalog.md.'
}

function Invoke-Clean {
    Write-Step 'Cleaning'
    if (Test-Path $OutRoot) { Remove-Item $OutRoot -Recurse -Force }
    Get-ChildItem $Root -Directory -Recurse -Include bin, obj | Where-Object FullName -notmatch '[\\/]\.git[\\/]' | Remove-Item -Recurse -Force
}

foreach ($t in $Task) {
    $name = $KnownTasks.Keys | Where-Object { $_ -eq $t } | Select-Object -First 1
    if (-not $name) {
        $list = ($KnownTasks.GetEnumerator() | ForEach-Object { "  {0,-9} {1}" -f $_.Key, $_.Value }) -join [Environment]::NewLine
        Write-Error -ErrorId 'BuildTaskUnknown' -Category InvalidArgument -TargetObject $t -Message "Unknown task '$t'. The tasks are:$([Environment]::NewLine)$list" -ErrorAction Continue
        exit 2
    }
    & "Invoke-$name"
}
