# The guide samples under docs/examples, run as their users run them, against the emulator: the interactive triage,
# the Azure Automation runbook (managed identity), and the inline PowerShell of the Azure Pipelines and GitHub Actions
# samples with each host's environment variables set. Only the sign-in line of the YAML steps is replaced (the
# emulator cannot stand in for the Azure CLI that AzureCLI@2 and azure/login sign in); everything else runs verbatim.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Initialize-RealtimeOpsTest
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $script:ModuleRoot = Split-Path (Split-Path (Split-Path $Manifest))   # out/, which holds RealtimeOps/<version>/
    $script:Examples = Join-Path (Get-RepoRoot) 'docs/examples'
    $script:yamlDll = Join-Path $env:REALTIMEOPS_PACKAGE_ROOT 'yamldotnet/16.3.0/lib/netstandard2.0/YamlDotNet.dll'
    Add-Type -Path $yamlDll

    $script:tls = Start-RealtimeOpsEmulator -Scenario transcription-500 -Https
    $script:plain = Start-RealtimeOpsEmulator -Scenario transcription-500

    function Read-Yaml([string] $Path) {
        $reader = [IO.StringReader]::new((Get-Content -LiteralPath $Path -Raw))
        [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize($reader)
    }

    function Read-ZipEntry([string] $Zip, [string] $Name) {
        $archive = [IO.Compression.ZipFile]::OpenRead($Zip)
        try { $r = [IO.StreamReader]::new($archive.GetEntry($Name).Open()); try { $r.ReadToEnd() } finally { $r.Dispose() } }
        finally { $archive.Dispose() }
    }

    # Runs a script in a fresh pwsh with extra environment variables (set before the process starts, as a host would).
    function Invoke-WithEnvironment([hashtable] $Environment, [string] $Script, [string] $WorkingDirectory) {
        $saved = @{}
        foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
        try {
            $prefix = if ($WorkingDirectory) { "Set-Location -LiteralPath '$WorkingDirectory'`n" } else { '' }
            Invoke-FreshPwsh -Script ($prefix + $Script) -TimeoutSeconds 180
        }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
    }

    # The managed-identity environment of an Automation sandbox, pointed at the TLS emulator.
    function Get-IdentityEnvironment {
        @{
            SSL_CERT_FILE = $tls.CertificatePath; IDENTITY_ENDPOINT = $tls.IdentityEndpoint; IDENTITY_HEADER = $tls.IdentityHeader
            MSI_ENDPOINT = $null; MSI_SECRET = $null; IMDS_ENDPOINT = $null; AZURE_POD_IDENTITY_AUTHORITY_HOST = $null
            PSModulePath = "$ModuleRoot$([IO.Path]::PathSeparator)$env:PSModulePath"
        }
    }

    # A checkout with the sample configuration where the YAML samples expect it.
    function New-Checkout([switch] $WithInvalidConfig) {
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $config = Join-Path $root 'config/realtime'
        New-Item -ItemType Directory -Path $config -Force | Out-Null
        Copy-Item (Join-Path $Examples 'session.json') $config
        if ($WithInvalidConfig) {
            Set-Content -LiteralPath (Join-Path $config 'broken.json') -Value "{`n  `"session`": {`n    `"type`": `"realtime`",`n    `"input_audio_transcription`": { `"model`": `"whisper-1`" }`n  }`n}"
        }
        $root
    }

    # Expands Azure Pipelines $(Name) macros; unknown names are left as they are, as the agent does.
    function Expand-Macro([string] $Text, [hashtable] $Variables) {
        [regex]::Replace($Text, '\$\(([A-Za-z0-9_.]+)\)', { param($m) if ($Variables.ContainsKey($m.Groups[1].Value)) { $Variables[$m.Groups[1].Value] } else { $m.Value } })
    }

    # The one line the emulator cannot serve: an Azure CLI sign-in becomes the emulator's api key.
    function Use-EmulatorSignIn([string] $Script) {
        $Script -match 'Connect-RealtimeOps [^\r\n]*-AzureCli' | Should -BeTrue -Because 'the sample signs in through the CLI session its task prepared'
        $Script -replace '-AzureCli', "-ApiKey (ConvertTo-SecureString '$($plain.ApiKey)' -AsPlainText -Force)"
    }
}

AfterAll {
    $tls | Stop-RealtimeOpsEmulator
    $plain | Stop-RealtimeOpsEmulator
}

Describe 'Interactive triage sample (Invoke-RealtimeTriage.ps1)' -Tag Slow {
    It 'walks the A/B triage with a managed identity and writes the bundle: TranscriptionServiceFault' {
        Set-EmulatorScenario -Emulator $tls transcription-500 | Out-Null
        Clear-EmulatorRequest -Emulator $tls
        $bundle = Join-Path $TestDrive 'interactive.zip'
        $r = Invoke-WithEnvironment (Get-IdentityEnvironment) @"
`$ProgressPreference = 'SilentlyContinue'
`$o = & '$Examples/Invoke-RealtimeTriage.ps1' -ModulePath '$Manifest' -Endpoint '$($tls.BaseUri)' -Deployment gpt-realtime -Auth Identity -SubscriptionId '$($tls.SubscriptionId)' -ResourceGroupName '$($tls.ResourceGroupName)' -AccountName '$($tls.AccountName)' -ResourceManagerEndpoint '$($tls.ResourceManagerEndpoint)' -BundlePath '$bundle' -DelayMs 0
'RESULT:' + (`$o | ConvertTo-Json -Compress -Depth 4)
"@
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $result = (($r.StdOut -split "`r?`n") | Where-Object { $_ -like 'RESULT:*' }).Substring(7) | ConvertFrom-Json
        $result.Verdict | Should -Be 'TranscriptionServiceFault'
        $failed = @(Get-EmulatorRequest -Emulator $tls -Path '/openai/v1/realtime/client_secrets' | Where-Object status -eq 500)
        @($result.FailedApimRequestIds) | Should -Be @($failed.responseRequestId)
        $bundle | Should -Exist
        $r.StdOut | Should -Match 'DeploymentExists\s+Passed' -Because 'the deployment checks read ARM with the identity'
        @(Get-EmulatorRequest -Emulator $tls -Path '/subscriptions/*').Count | Should -BeGreaterThan 0
        (Read-ZipEntry $bundle 'summary.md') | Should -Match "\| Subscription id \| $($tls.SubscriptionId) \|"
    }

    It 'works with an api key too (deployment checks then run offline): Healthy' {
        Set-EmulatorScenario -Emulator $plain healthy | Out-Null
        $bundle = Join-Path $TestDrive 'interactive-key.zip'
        $r = Invoke-WithEnvironment @{ PSModulePath = "$ModuleRoot$([IO.Path]::PathSeparator)$env:PSModulePath" } @"
`$ProgressPreference = 'SilentlyContinue'
`$o = & '$Examples/Invoke-RealtimeTriage.ps1' -Endpoint '$($plain.BaseUri)' -Deployment gpt-realtime -Auth ApiKey -ApiKey (ConvertTo-SecureString '$($plain.ApiKey)' -AsPlainText -Force) -BundlePath '$bundle' -DelayMs 0
'RESULT:' + (`$o | ConvertTo-Json -Compress -Depth 4)
"@
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $result = (($r.StdOut -split "`r?`n") | Where-Object { $_ -like 'RESULT:*' }).Substring(7) | ConvertFrom-Json
        $result.Verdict | Should -Be 'Healthy'
        $result.FillInBeforeSending | Should -Contain 'Subscription id'
        $bundle | Should -Exist
    }
}

Describe 'Azure Automation runbook sample (Invoke-RealtimeProbeRunbook.ps1)' -Tag Slow {
    BeforeAll {
        $script:runbook = Join-Path $Examples 'Invoke-RealtimeProbeRunbook.ps1'
        $script:ast = [System.Management.Automation.Language.Parser]::ParseFile($runbook, [ref] $null, [ref] $null)
    }

    It 'pins the module version and signs in with the managed identity' {
        $text = Get-Content $runbook -Raw
        $text | Should -Match '(?m)^Import-Module RealtimeOps -RequiredVersion 0\.1\.0\s*$'
        $text | Should -Match 'Identity = \$true'
    }

    It 'never prompts and starts no process' {
        $commands = $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() }
        $forbidden = 'Read-Host', 'Get-Credential', 'Start-Process', 'Start-Job', 'Invoke-Expression', 'pwsh', 'powershell', 'cmd', 'bash', 'az', 'Out-GridView'
        $commands | Where-Object { $_ -in $forbidden } | Should -BeNullOrEmpty
        $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] -and $args[0].InvocationOperator -eq 'Ampersand' }, $true) | Should -BeNullOrEmpty
    }

    It 'runs in an Automation sandbox environment: verdict, ids and a bundle marked AzureAutomation' {
        Set-EmulatorScenario -Emulator $tls transcription-500 | Out-Null
        $folder = Join-Path $TestDrive 'automation'
        New-Item -ItemType Directory $folder | Out-Null
        $session = (Get-Content (Join-Path $Examples 'session.json') -Raw) -replace "'", "''"
        $environment = Get-IdentityEnvironment
        $environment.AUTOMATION_ASSET_ACCOUNTID = [guid]::NewGuid().ToString()
        $r = Invoke-WithEnvironment $environment @"
`$o = & '$runbook' -Endpoint '$($tls.BaseUri)' -Deployment gpt-realtime -SessionJson '$session' -SubscriptionId '$($tls.SubscriptionId)' -ResourceGroupName '$($tls.ResourceGroupName)' -AccountName '$($tls.AccountName)' -ResourceManagerEndpoint '$($tls.ResourceManagerEndpoint)' -DelayMs 0 -BundleFolder '$folder' 3>&1
`$o | Where-Object { `$_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object { 'WARNING:' + `$_.Message }
'RESULT:' + ((`$o | Where-Object { `$_ -isnot [System.Management.Automation.WarningRecord] }) | ConvertTo-Json -Compress -Depth 4)
'MODULE:' + (Get-Module RealtimeOps).ModuleBase
"@
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $lines = $r.StdOut -split "`r?`n"
        $result = ($lines | Where-Object { $_ -like 'RESULT:*' }).Substring(7) | ConvertFrom-Json
        $result.Verdict | Should -Be 'TranscriptionServiceFault'
        @($result.FailedApimRequestIds).Count | Should -Be 3
        ($lines | Where-Object { $_ -like 'WARNING:Realtime probe: TranscriptionServiceFault*' }) | Should -Not -BeNullOrEmpty
        ($lines | Where-Object { $_ -like 'MODULE:*' }) | Should -Be "MODULE:$(Split-Path $Manifest)" -Because 'Import-Module -RequiredVersion found the built module on PSModulePath'
        $manifestJson = Read-ZipEntry $result.BundlePath 'manifest.json' | ConvertFrom-Json
        $manifestJson.hostKind | Should -Be 'AzureAutomation'
        $r.StdOut | Should -Not -Match '##vso' -Because 'Automation is not Azure Pipelines'
    }
}

Describe 'Scheduled live transcription checks in the guides' -Tag Slow {
    It 'the Automation runbook runs the live check with the managed identity and bundles its timeline' {
        $runbook = Join-Path $Examples 'Invoke-RealtimeProbeRunbook.ps1'
        Set-EmulatorScenario -Emulator $tls transcription-failed | Out-Null
        $folder = Join-Path $TestDrive 'automation-live'
        New-Item -ItemType Directory $folder | Out-Null
        $session = (Get-Content (Join-Path $Examples 'session.json') -Raw) -replace "'", "''"
        $environment = Get-IdentityEnvironment
        $environment.AUTOMATION_ASSET_ACCOUNTID = [guid]::NewGuid().ToString()
        $r = Invoke-WithEnvironment $environment @"
`$o = & '$runbook' -Endpoint '$($tls.BaseUri)' -Deployment gpt-realtime -SessionJson '$session' -Rounds 1 -DelayMs 0 -BundleFolder '$folder' -TranscriptionDeployment gpt-4o-transcribe -LiveTimeoutSec 10 3>&1
`$o | Where-Object { `$_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object { 'WARNING:' + `$_.Message }
'RESULT:' + ((`$o | Where-Object { `$_ -isnot [System.Management.Automation.WarningRecord] }) | ConvertTo-Json -Compress -Depth 4)
"@
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $lines = $r.StdOut -split "`r?`n"
        $result = ($lines | Where-Object { $_ -like 'RESULT:*' }).Substring(7) | ConvertFrom-Json
        $result.Verdict | Should -Be 'Healthy' -Because 'client_secrets accepts the request'
        $result.LiveVerdict | Should -Be 'TranscriptionFailed'
        $result.LiveApimRequestId | Should -Match '^[0-9a-f-]{36}$'
        ($lines | Where-Object { $_ -like 'WARNING:Live transcription check: TranscriptionFailed*' }) | Should -Not -BeNullOrEmpty
        $summary = Read-ZipEntry $result.BundlePath 'summary.md'
        $summary | Should -Match '## Live transcription verdict: TranscriptionFailed'
        $summary | Should -Match 'ManagedIdentity auth'
        $summary | Should -Match ([regex]::Escape($result.LiveApimRequestId))
    }

    It 'Azure Pipelines runs the live check on a schedule with the workload identity, failing the step with a bundle' {
        $yaml = Read-Yaml (Join-Path $Examples 'azure-pipelines.yml')
        @($yaml['schedules']).Count | Should -Be 1
        $step = @($yaml['steps']) | Where-Object { $_['displayName'] -eq 'Live transcription check' }
        $step['task'] | Should -Be 'AzureCLI@2'
        $step['inputs']['azureSubscription'] | Should -Not -BeNullOrEmpty
        $variables = @{ RealtimeEndpoint = $plain.BaseUri; RealtimeTranscriptionDeployment = $yaml['variables']['RealtimeTranscriptionDeployment'] }
        $checkout = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $variables['Build.ArtifactStagingDirectory'] = (New-Item -ItemType Directory -Path (Join-Path $checkout 'a') -Force).FullName
        $script = Use-EmulatorSignIn (Expand-Macro $step['inputs']['inlineScript'] $variables)
        $environment = @{ TF_BUILD = 'True'; SYSTEM_TEAMFOUNDATIONCOLLECTIONURI = 'https://dev.azure.com/contoso/'; BUILD_BUILDID = '42'; PSModulePath = "$ModuleRoot$([IO.Path]::PathSeparator)$env:PSModulePath" }

        Set-EmulatorScenario -Emulator $plain healthy | Out-Null
        $ok = Invoke-WithEnvironment $environment "`$ProgressPreference = 'SilentlyContinue'`n$script" $checkout
        $ok.ExitCode | Should -Be 0 -Because $ok.StdOut
        $ok.StdOut | Should -Match 'Verdict\s+: Transcribed'

        Set-EmulatorScenario -Emulator $plain no-transcription | Out-Null
        $bad = Invoke-WithEnvironment $environment "`$ProgressPreference = 'SilentlyContinue'`n$($script -replace '-TimeoutSec 30', '-TimeoutSec 2')" $checkout
        $bad.ExitCode | Should -Be 1
        $bad.StdOut | Should -Match '##vso\[task\.logissue type=error\]Live transcription check: NoTranscription'
        $bad.StdOut | Should -Match ([regex]::Escape("##vso[task.uploadfile]$($variables['Build.ArtifactStagingDirectory'])"))
    }
}

Describe 'Azure Pipelines sample (azure-pipelines.yml)' -Tag Slow {
    BeforeAll {
        $script:yaml = Read-Yaml (Join-Path $Examples 'azure-pipelines.yml')
        $script:steps = @($yaml['steps'])
        function Get-Step([string] $DisplayName) { $steps | Where-Object { $_['displayName'] -eq $DisplayName } }
        function Get-StepScript($Step) {
            if ($Step.ContainsKey('pwsh')) { return $Step['pwsh'] }
            if ($Step['task'] -eq 'AzureCLI@2') { return $Step['inputs']['inlineScript'] }
            if ($Step['task'] -eq 'PowerShell@2') { return $Step['inputs']['script'] }
            $null
        }
        # Runs one step's PowerShell the way the agent does: macros expanded, TF_BUILD and the step's env mapping set.
        function Invoke-PipelineStep($Step, [hashtable] $Variables, [string] $Checkout) {
            $script = Expand-Macro (Get-StepScript $Step) $Variables
            if ($Step['task'] -eq 'AzureCLI@2') { $script = Use-EmulatorSignIn $script }
            $environment = @{
                TF_BUILD = 'True'; SYSTEM_TEAMFOUNDATIONCOLLECTIONURI = 'https://dev.azure.com/contoso/'; BUILD_BUILDID = '42'
                BUILD_ARTIFACTSTAGINGDIRECTORY = $Variables['Build.ArtifactStagingDirectory']; COMMON_TESTRESULTSDIRECTORY = $Variables['Common.TestResultsDirectory']
                PSModulePath = "$ModuleRoot$([IO.Path]::PathSeparator)$env:PSModulePath"
            }
            if ($Step.ContainsKey('env')) { foreach ($k in $Step['env'].Keys) { $environment[$k] = Expand-Macro $Step['env'][$k] $Variables } }
            Invoke-WithEnvironment $environment "`$ProgressPreference = 'SilentlyContinue'`n$script" $Checkout
        }
        function New-PipelineVariables([string] $Checkout) {
            $v = @{}
            foreach ($k in $yaml['variables'].Keys) { $v[$k] = $yaml['variables'][$k] }
            $v['RealtimeEndpoint'] = $plain.BaseUri
            $v['RealtimeSubscriptionId'] = $plain.SubscriptionId
            $v['RealtimeResourceGroup'] = $plain.ResourceGroupName
            $v['RealtimeAccount'] = $plain.AccountName
            $v['Build.ArtifactStagingDirectory'] = (New-Item -ItemType Directory -Path (Join-Path $Checkout 'a') -Force).FullName
            $v['Common.TestResultsDirectory'] = (New-Item -ItemType Directory -Path (Join-Path $Checkout 'TestResults') -Force).FullName
            $v
        }
    }

    It 'is a pipeline with AzureCLI@2 on a service connection, JUnit to PublishTestResults@2 and an uploaded bundle' {
        $cli = @($steps | Where-Object { $_['task'] -eq 'AzureCLI@2' })
        $cli.Count | Should -BeGreaterOrEqual 1
        foreach ($s in $cli) {
            $s['inputs']['azureSubscription'] | Should -Not -BeNullOrEmpty
            $s['inputs']['scriptType'] | Should -Be 'pscore'
        }
        $publish = $steps | Where-Object { $_['task'] -eq 'PublishTestResults@2' }
        $publish['inputs']['testResultsFormat'] | Should -Be 'JUnit'
        $validate = Get-StepScript (Get-Step 'Validate session configurations')
        $validate | Should -Match ([regex]::Escape("-JUnitPath '$($publish['inputs']['testResultsFiles'])'"))
        (Get-StepScript (Get-Step 'Probe the resource and attach a support bundle')) | Should -Match '-UploadToPipeline'
        (Get-StepScript (Get-Step 'Mint a client secret for the smoke test')) | Should -Match '-PipelineVariableName RealtimeClientSecret'
        (Get-Step 'Use the client secret')['env']['REALTIME_CLIENT_SECRET'] | Should -Be '$(RealtimeClientSecret)'
        (Get-StepScript (Get-Step 'Install RealtimeOps')) | Should -Match 'RealtimeOps -Version 0\.1\.0'
    }

    It 'runs its steps against the emulator: results, annotations, probe, uploaded bundle, secret variable' {
        Set-EmulatorScenario -Emulator $plain transcription-500 | Out-Null
        $checkout = New-Checkout
        $variables = New-PipelineVariables $checkout

        $validation = Invoke-PipelineStep (Get-Step 'Validate session configurations') $variables $checkout
        $validation.ExitCode | Should -Be 0 -Because $validation.StdOut
        [xml] $junit = Get-Content (Join-Path $variables['Common.TestResultsDirectory'] 'realtime-config.junit.xml') -Raw
        @($junit.SelectNodes('//testcase')).Count | Should -Be 1

        $probe = Invoke-PipelineStep (Get-Step 'Probe the resource and attach a support bundle') $variables $checkout
        $probe.ExitCode | Should -Be 0 -Because $probe.StdErr
        $bundle = Join-Path $variables['Build.ArtifactStagingDirectory'] 'realtime-bundle.zip'
        $lines = $probe.StdOut -split "`r?`n"
        $lines | Should -Contain "##vso[task.uploadfile]$bundle"
        ($lines | Where-Object { $_ -like '##vso`[task.logissue type=warning`]Realtime probe: TranscriptionServiceFault*' }) | Should -Not -BeNullOrEmpty
        (Read-ZipEntry $bundle 'manifest.json' | ConvertFrom-Json).hostKind | Should -Be 'AzureDevOps'

        Set-EmulatorScenario -Emulator $plain healthy | Out-Null
        $mint = Invoke-PipelineStep (Get-Step 'Mint a client secret for the smoke test') $variables $checkout
        $mint.ExitCode | Should -Be 0 -Because $mint.StdErr
        $set = ($mint.StdOut -split "`r?`n") | Where-Object { $_ -like '##vso`[task.setvariable variable=RealtimeClientSecret;issecret=true`]*' }
        $set | Should -Not -BeNullOrEmpty
        $variables['RealtimeClientSecret'] = $set.Substring($set.IndexOf(']') + 1)
        $use = Invoke-PipelineStep (Get-Step 'Use the client secret') $variables $checkout
        $use.ExitCode | Should -Be 0 -Because $use.StdErr
        $use.StdOut | Should -Match 'available to this step'
    }

    It 'fails the validation step on a broken configuration, with an annotation and a JUnit failure' {
        $checkout = New-Checkout -WithInvalidConfig
        $variables = New-PipelineVariables $checkout
        $r = Invoke-PipelineStep (Get-Step 'Validate session configurations') $variables $checkout
        $r.ExitCode | Should -Be 1
        $r.StdOut | Should -Match '##vso\[task\.logissue type=error;sourcepath=[^;]*broken\.json;linenumber=\d+;columnnumber=\d+;code=RTC\d+\]'
        [xml] $junit = Get-Content (Join-Path $variables['Common.TestResultsDirectory'] 'realtime-config.junit.xml') -Raw
        @($junit.SelectNodes('//failure')).Count | Should -BeGreaterThan 0
    }
}

Describe 'GitHub Actions sample (github-actions-realtime.yml)' -Tag Slow {
    BeforeAll {
        $script:workflow = Read-Yaml (Join-Path $Examples 'github-actions-realtime.yml')
        $script:job = $workflow['jobs']['realtime']
        $script:ghSteps = @($job['steps'])
        function Get-GhStep([string] $Name) { $ghSteps | Where-Object { $_['name'] -eq $Name } }
        function Invoke-WorkflowStep($Step, [string] $Checkout, [string] $OutputFile) {
            $Step['shell'] | Should -Be 'pwsh'
            $script = $Step['run']
            if ($script -match 'Connect-RealtimeOps') { $script = Use-EmulatorSignIn $script }
            $environment = @{
                GITHUB_ACTIONS = 'true'; GITHUB_OUTPUT = $OutputFile; GITHUB_WORKSPACE = $Checkout; RUNNER_TEMP = $Checkout
                PSModulePath = "$ModuleRoot$([IO.Path]::PathSeparator)$env:PSModulePath"
                REALTIME_ENDPOINT = $plain.BaseUri; REALTIME_DEPLOYMENT = 'gpt-realtime'; REALTIME_SUBSCRIPTION_ID = $plain.SubscriptionId
                REALTIME_RESOURCE_GROUP = $plain.ResourceGroupName; REALTIME_ACCOUNT = $plain.AccountName
            }
            foreach ($k in $job['env'].Keys) { $environment.ContainsKey($k) | Should -BeTrue -Because "the job's env $k needs a test value" }
            Invoke-WithEnvironment $environment "`$ProgressPreference = 'SilentlyContinue'`n$script" $Checkout
        }
    }

    It 'asks for an OIDC token, signs in with azure/login and keeps the bundle as an artifact' {
        $workflow['permissions']['id-token'] | Should -Be 'write'
        ($ghSteps | Where-Object { $_['uses'] -like 'azure/login@*' }) | Should -Not -BeNullOrEmpty
        $upload = $ghSteps | Where-Object { $_['uses'] -like 'actions/upload-artifact@*' }
        (Get-GhStep 'Probe and export a support bundle')['run'] | Should -Match ([regex]::Escape("-Path $($upload['with']['path'])"))
    }

    It 'runs its steps against the emulator: verdict output and bundle' {
        Set-EmulatorScenario -Emulator $plain transcription-500 | Out-Null
        $checkout = New-Checkout
        $out = Join-Path $checkout 'github_output'
        $v = Invoke-WorkflowStep (Get-GhStep 'Validate session configurations') $checkout $out
        $v.ExitCode | Should -Be 0 -Because $v.StdOut
        (Join-Path $checkout 'realtime-config.junit.xml') | Should -Exist
        $p = Invoke-WorkflowStep (Get-GhStep 'Probe and export a support bundle') $checkout $out
        $p.ExitCode | Should -Be 0 -Because $p.StdErr
        Get-Content $out | Should -Contain 'verdict=TranscriptionServiceFault'
        $p.StdOut | Should -Match '::warning title=Realtime probe::TranscriptionServiceFault'
        (Read-ZipEntry (Join-Path $checkout 'realtime-bundle.zip') 'manifest.json' | ConvertFrom-Json).hostKind | Should -Be 'GitHubActions'
    }

    It 'fails the validation step on a broken configuration with an ::error annotation' {
        $checkout = New-Checkout -WithInvalidConfig
        $r = Invoke-WorkflowStep (Get-GhStep 'Validate session configurations') $checkout (Join-Path $checkout 'github_output')
        $r.ExitCode | Should -Be 1
        $r.StdOut | Should -Match '::error file=[^,]*broken\.json,line=\d+,col=\d+,title=RTC\d+[^:]*::'
    }
}

Describe 'The demo (docs/examples/Invoke-DemoTriage.ps1, what build.ps1 Demo runs)' -Tag Slow {
    It 'prints TranscriptionServiceFault with the apim-request-ids, then LiveTranscriptionFailure with its bundle, then Healthy, and exits 0' {
        $dll = Get-EmulatorDllPath
        $r = Invoke-FreshPwsh -TimeoutSeconds 120 -Script "& '$Examples/Invoke-DemoTriage.ps1' -ModulePath '$(Split-Path $Manifest)' -EmulatorPath '$dll' -OutputFolder '$(Join-Path $TestDrive 'demo')' *>&1 | Out-String -Width 400; exit `$LASTEXITCODE"
        $r.ExitCode | Should -Be 0 -Because $r.StdOut
        $r.StdOut | Should -Match "Scenario 'transcription-500'[\s\S]*Verdict: TranscriptionServiceFault[\s\S]*apim-request-id of the failing responses:\s+[0-9a-f-]{36}\s+[0-9a-f-]{36}\s+[0-9a-f-]{36}"
        $r.StdOut | Should -Match "Scenario 'transcription-failed'[\s\S]*Verdict: LiveTranscriptionFailure[\s\S]*Live session: transcription: TranscriptionFailed[\s\S]*apim-request-id of the live sessions' upgrades: [0-9a-f-]{36}"
        $r.StdOut | Should -Match "Scenario 'healthy'[\s\S]*Verdict: Healthy"
        Join-Path $TestDrive 'demo/transcription-500.zip' | Should -Exist
        $live = Join-Path $TestDrive 'demo/transcription-failed.zip'
        $live | Should -Exist
        Read-ZipEntry $live 'summary.md' | Should -Match '## Live transcription verdict: TranscriptionFailed'
    }
}

Describe 'Fleet samples: Azure DevOps stages, GitHub Actions dynamic matrix, Automation parent and child runbooks' {
    BeforeAll {
        # A small fleet: management group mg-fleet-1 holds 16 accounts, one of which answers 403.
        Invoke-RestMethod -Method Post -Uri "$($tls.BaseUri)/_emulator/fleet" -SkipCertificateCheck -NoProxy -ContentType application/json `
            -Body (@{ accounts = 48; subscriptions = 6; managementGroups = 3; forbiddenEvery = 10 } | ConvertTo-Json) | Out-Null
        $script:Arm = $tls.ResourceManagerEndpoint

        # The samples sign in with the Azure CLI session their task prepared; here the emulator's managed identity stands in.
        function Use-EmulatorIdentity([string] $Script) {
            $Script -match 'AzureCli = \$true' | Should -BeTrue -Because 'the sample signs in through the CLI session its task prepared'
            $Script -replace 'AzureCli = \$true', 'Identity = $true'
        }
        function Read-Summary([string] $StdOut) {
            (($StdOut -split "`r?`n") | Where-Object { $_ -like 'RESULT:*' } | Select-Object -Last 1).Substring(7) | ConvertFrom-Json
        }

        # The same sweep without shards: what every merged report must add up to.
        $r = Invoke-WithEnvironment (Get-IdentityEnvironment) @"
`$ProgressPreference = 'SilentlyContinue'
`$fleet = @{ Identity = `$true; ResourceManagerEndpoint = '$Arm' }
`$o = Find-RealtimeAccount @fleet -ManagementGroup mg-fleet-1 | Get-RealtimeDeployment @fleet -ErrorAction Continue 2>&1 | Export-RealtimeFleetReport -Path '$(Join-Path $TestDrive 'unsharded.json')'
'RESULT:' + (`$o | Select-Object Deployments, Accounts, Failed | ConvertTo-Json -Compress)
"@
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $script:Whole = Read-Summary $r.StdOut
        $Whole.Accounts | Should -Be 16
    }

    It 'Azure DevOps: stage 1 emits the matrix as an output variable, stage 2 runs a leg per shard, stage 3 merges and publishes' {
        $yaml = Read-Yaml (Join-Path $Examples 'fleet-azure-pipelines.yml')
        $stages = @($yaml['stages'])
        $stages.ForEach({ $_['stage'] }) | Should -Be @('Plan', 'Check', 'Report')
        $planStep = @($stages[0]['jobs'][0]['steps']) | Where-Object { $_['name'] -eq 'plan' }
        $legJob = $stages[1]['jobs'][0]
        $legJob['strategy']['matrix'] | Should -Be "`$[ stageDependencies.Plan.$($stages[0]['jobs'][0]['job']).outputs['plan.legs'] ]"
        $legStep = @($legJob['steps']) | Where-Object { $_['task'] -eq 'AzureCLI@2' }
        ($legJob['steps'] | Where-Object { $_.ContainsKey('publish') })['artifact'] | Should -Be 'fleet-shard-$(shard)'
        $mergeStep = @($stages[2]['jobs'][0]['steps']) | Where-Object { $_.ContainsKey('pwsh') -and $_['pwsh'] -match 'InputPath' }
        $stages[2]['condition'] | Should -Be 'succeededOrFailed()'

        $root = Join-Path $TestDrive 'ado'
        $workspace = New-Item -ItemType Directory -Path (Join-Path $root 'w') -Force
        $variables = @{ ResourceManagerEndpoint = $Arm; FleetManagementGroup = 'mg-fleet-1'; FleetShards = '3'; ServiceConnection = 'x'; 'Pipeline.Workspace' = $workspace.FullName }
        $environment = (Get-IdentityEnvironment) + @{ TF_BUILD = 'True' }
        $plan = Invoke-WithEnvironment $environment (Use-EmulatorIdentity (Expand-Macro $planStep['inputs']['inlineScript'] $variables))
        $plan.ExitCode | Should -Be 0 -Because $plan.StdErr
        $set = ($plan.StdOut -split "`r?`n") | Where-Object { $_ -like '##vso`[task.setvariable variable=legs;isOutput=true`]*' }
        $matrix = $set.Substring($set.IndexOf(']') + 1) | ConvertFrom-Json -AsHashtable
        $matrix.Keys | Sort-Object | Should -Be @('shard1', 'shard2', 'shard3')

        foreach ($leg in $matrix.Values) {
            $staging = New-Item -ItemType Directory -Path (Join-Path $root "leg$($leg.shard)") -Force
            $legVariables = $variables + @{ shard = $leg.shard; shards = $leg.shards; 'Build.ArtifactStagingDirectory' = $staging.FullName }
            $run = Invoke-WithEnvironment $environment (Use-EmulatorIdentity (Expand-Macro $legStep['inputs']['inlineScript'] $legVariables))
            $run.ExitCode | Should -Be 0 -Because $run.StdErr
            # publish + download: each leg's artifact lands in its own folder of the workspace.
            Copy-Item -Path $staging.FullName -Destination (Join-Path $workspace "fleet-shard-$($leg.shard)") -Recurse
        }

        $reportFolder = New-Item -ItemType Directory -Path (Join-Path $root 'report') -Force
        $merge = Invoke-WithEnvironment $environment (Expand-Macro $mergeStep['pwsh'] ($variables + @{ 'Build.ArtifactStagingDirectory' = $reportFolder.FullName }))
        $merge.ExitCode | Should -Be 0 -Because $merge.StdErr
        $merge.StdOut | Should -Match "Fleet report: $($Whole.Deployments) deployment\(s\) in 16 account\(s\), $($Whole.Failed) failed"
        $merge.StdOut | Should -Match '##vso\[task\.logissue type=warning\]\d+ deployment\(s\) failed'
        Join-Path $reportFolder 'fleet.html' | Should -Exist
        Join-Path $reportFolder 'fleet.csv' | Should -Exist
    }

    It 'GitHub Actions: a plan job output feeds fromJSON in the matrix, each leg uploads its shard, the report job merges' {
        $workflow = Read-Yaml (Join-Path $Examples 'fleet-github-actions.yml')
        $jobs = $workflow['jobs']
        $jobs['plan']['outputs']['matrix'] | Should -Be '${{ steps.plan.outputs.matrix }}'
        $jobs['check']['strategy']['matrix'] | Should -Be '${{ fromJSON(needs.plan.outputs.matrix) }}'
        $jobs['report']['if'] | Should -Be 'always()'
        $workflow['permissions']['id-token'] | Should -Be 'write'
        $planStep = @($jobs['plan']['steps']) | Where-Object { $_['id'] -eq 'plan' }
        $legStep = @($jobs['check']['steps']) | Where-Object { $_['name'] -eq 'Check this shard' }
        $mergeStep = @($jobs['report']['steps']) | Where-Object { $_['name'] -eq 'Merge the shards into one report' }
        (@($jobs['check']['steps']) | Where-Object { $_['uses'] -like 'actions/upload-artifact@*' })['with']['path'] | Should -Be 'shard-${{ matrix.shard }}.json'

        $root = Join-Path $TestDrive 'gha'
        New-Item -ItemType Directory -Path $root -Force | Out-Null
        $environment = (Get-IdentityEnvironment) + @{ GITHUB_ACTIONS = 'true'; FLEET_MANAGEMENT_GROUP = 'mg-fleet-1'; FLEET_SHARDS = '3'; ARM_ENDPOINT = $Arm }
        $outputs = Join-Path $root 'plan_output'
        $plan = Invoke-WithEnvironment ($environment + @{ GITHUB_OUTPUT = $outputs }) (Use-EmulatorIdentity $planStep['run']) $root
        $plan.ExitCode | Should -Be 0 -Because $plan.StdErr
        $matrix = ((Get-Content $outputs) | Where-Object { $_ -like 'matrix=*' }).Substring(7) | ConvertFrom-Json
        $matrix.include.shard | Should -Be @(1, 2, 3)

        $shards = New-Item -ItemType Directory -Path (Join-Path $root 'report/shards') -Force
        foreach ($leg in $matrix.include) {
            $legFolder = New-Item -ItemType Directory -Path (Join-Path $root "leg$($leg.shard)") -Force
            $legStep['env']['SHARD'] | Should -Be '${{ matrix.shard }}'
            $run = Invoke-WithEnvironment ($environment + @{ SHARD = "$($leg.shard)"; SHARDS = "$($leg.shards)" }) (Use-EmulatorIdentity $legStep['run']) $legFolder.FullName
            $run.ExitCode | Should -Be 0 -Because $run.StdErr
            Copy-Item (Join-Path $legFolder "shard-$($leg.shard).json") $shards   # upload-artifact, then download-artifact with merge-multiple
        }
        $summary = Join-Path $root 'summary.md'
        $merge = Invoke-WithEnvironment ($environment + @{ GITHUB_STEP_SUMMARY = $summary }) $mergeStep['run'] (Join-Path $root 'report')
        $merge.ExitCode | Should -Be 0 -Because $merge.StdErr
        (Get-Content $summary -Raw) | Should -Match "\| $($Whole.Deployments) \| 16 \| $($Whole.Failed) \|"
        $merge.StdOut | Should -Match '::warning title=Realtime fleet::'
        Join-Path $root 'report/fleet.html' | Should -Exist
    }

    It 'Automation: the parent starts a child runbook per shard, never more than the concurrency limit at once, and merges their output' {
        $parent = Join-Path $Examples 'Invoke-RealtimeFleetRunbook.ps1'
        $child = Join-Path $Examples 'Invoke-RealtimeFleetShard.ps1'
        foreach ($runbook in $parent, $child) {
            $text = Get-Content $runbook -Raw
            $text | Should -Match '(?m)^Import-Module RealtimeOps -RequiredVersion 0\.1\.0\s*$'
            $text | Should -Match 'Identity = \$true'
        }
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'automation') -Force
        # Az.Automation stand-ins: a started child runs at once (in this process, as the sandbox would run it) and its
        # job reports Running on the first poll and Completed on the next; the stubs count jobs running at once.
        $r = Invoke-WithEnvironment (Get-IdentityEnvironment) @"
`$ProgressPreference = 'SilentlyContinue'
`$global:Jobs = @{}; `$global:Running = 0; `$global:MaxRunning = 0; `$global:Started = [System.Collections.Generic.List[object]]::new()
function Connect-AzAccount { param([switch] `$Identity) [pscustomobject]@{ Identity = `$Identity.IsPresent } }
function Start-AzAutomationRunbook { param(`$AutomationAccountName, `$ResourceGroupName, `$Name, [hashtable] `$Parameters)
    `$global:Running++; `$global:MaxRunning = [Math]::Max(`$global:MaxRunning, `$global:Running); `$global:Started.Add(`$Parameters)
    `$id = [guid]::NewGuid().ToString()
    `$global:Jobs[`$id] = @{ Polls = 0; Output = @(& '$child' @Parameters) }
    [pscustomobject]@{ JobId = `$id; RunbookName = `$Name } }
function Get-AzAutomationJob { param(`$AutomationAccountName, `$ResourceGroupName, `$Id)
    `$j = `$global:Jobs[`$Id]; `$j.Polls++
    `$status = if (`$j.Polls -ge 2) { 'Completed' } else { 'Running' }
    if (`$status -eq 'Completed' -and -not `$j.Done) { `$j.Done = `$true; `$global:Running-- }
    [pscustomobject]@{ JobId = `$Id; Status = `$status } }
function Get-AzAutomationJobOutput { param(`$AutomationAccountName, `$ResourceGroupName, `$Id, `$Stream)
    `$i = 0; foreach (`$o in `$global:Jobs[`$Id].Output) { [pscustomobject]@{ JobId = `$Id; StreamRecordId = `$i++ } } }
function Get-AzAutomationJobOutputRecord { param(`$AutomationAccountName, `$ResourceGroupName, [Parameter(ValueFromPipeline)] `$InputObject)
    process { [pscustomobject]@{ Value = @{ value = `$global:Jobs[`$InputObject.JobId].Output[`$InputObject.StreamRecordId] } } } }
`$report = & '$parent' -AutomationAccountName aa-fleet -ResourceGroupName rg-ops -ManagementGroup mg-fleet-1 -AccountsPerShard 5 -ConcurrencyLimit 2 -PollSeconds 0 -ResourceManagerEndpoint '$Arm' -ReportFolder '$folder' 3>&1
'RESULT:' + ([ordered]@{
    Deployments = (`$report | Where-Object { `$_.PSObject.Properties['Deployments'] }).Deployments
    Warnings = @(`$report | Where-Object { `$_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
    MaxRunning = `$global:MaxRunning; Started = @(`$global:Started | ForEach-Object { "`$(`$_.Shard)/`$(`$_.Shards)" })
} | ConvertTo-Json -Compress)
"@
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $result = Read-Summary $r.StdOut
        $result.Started | Should -Be @('1/4', '2/4', '3/4', '4/4')
        $result.MaxRunning | Should -Be 2
        $result.Deployments | Should -Be $Whole.Deployments
        $result.Warnings | Should -Contain "Realtime fleet: $($Whole.Failed) deployment(s) failed their checks."
        Join-Path $folder 'fleet.html' | Should -Exist
        @(Get-ChildItem $folder -Filter 'shard-*.json').Count | Should -Be 4
    }
}
