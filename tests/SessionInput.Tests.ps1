# One session reader for every cmdlet that takes a configuration: the same verdict on the same input from
# Test-TranscriptionConfig, ConvertTo-RealtimeGaConfig, New-RealtimeClientSecret, Invoke-RealtimeProbe,
# Test-RealtimeDeployment and Test-RealtimeTranscription, and the bad inputs (devices, FIFOs, folders, other providers, odd objects) refused
# with a specific error id, quickly and without memory growth.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    Import-Module (Get-RealtimeOpsModulePath) -Force
    $script:emu = Start-RealtimeOpsEmulator
    $script:Key = ConvertTo-SecureString $emu.ApiKey -AsPlainText -Force
    $script:MintPath = '/openai/v1/realtime/client_secrets'
    $script:Work = Join-Path $TestDrive 'inputs'
    New-Item -ItemType Directory $Work | Out-Null
    New-Item -ItemType Directory (Join-Path $Work 'folder') | Out-Null

    function Get-MintRequest { @(Get-EmulatorRequest -Emulator $emu -Path $MintPath) }

    # What a cmdlet needs besides its input to run once: one probe round without deployment checks, deployment
    # checks offline, and a transcription deployment for the live check.
    function Get-RunArguments([string] $Cmdlet) {
        switch ($Cmdlet) {
            'Invoke-RealtimeProbe' { return @{ Rounds = 1; DelayMs = 0; SkipDeploymentCheck = $true } }
            'Test-RealtimeDeployment' { return @{ Offline = $true } }
            'Test-RealtimeTranscription' { return @{ TranscriptionDeployment = 'gpt-4o-transcribe' } }
        }
        @{}
    }

    # Runs one cmdlet on one input and returns its output and error records (never throws).
    function Invoke-Input([string] $Cmdlet, [hashtable] $Arguments) {
        $a = (Get-RunArguments $Cmdlet) + $Arguments
        $errors = $null
        $output = @(& $Cmdlet @a -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        [pscustomobject]@{ Output = $output; Errors = @($errors) }
    }

    # The error id prefix each cmdlet uses for input it cannot read.
    $script:Prefix = @{
        'Test-TranscriptionConfig' = 'Configuration'; 'ConvertTo-RealtimeGaConfig' = 'Configuration'
        'New-RealtimeClientSecret' = 'ClientSecretSession'; 'Invoke-RealtimeProbe' = 'ProbeSession'
        'Test-RealtimeDeployment'  = 'DeploymentTestConfiguration'; 'Test-RealtimeTranscription' = 'TranscriptionSession'
    }
    $script:AllCmdlets = @($Prefix.Keys | Sort-Object)
    $script:SessionCmdlets = 'New-RealtimeClientSecret', 'Invoke-RealtimeProbe', 'Test-RealtimeDeployment', 'Test-RealtimeTranscription'

    function Get-Verdict([string] $Cmdlet, [hashtable] $Arguments) {
        $r = Invoke-Input $Cmdlet $Arguments
        if ($Cmdlet -eq 'Test-TranscriptionConfig') { return @($r.Output.Diagnostics.RuleId) -join ',' }
        $r.Errors | Should -HaveCount 1 -Because "$Cmdlet refuses the input"
        $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        [regex]::Match($r.Errors[0].Exception.Message, 'RTC\d{4}').Value
    }
}

AfterAll {
    Disconnect-RealtimeOps -ClearExchange
    $emu | Stop-RealtimeOpsEmulator
}

Describe 'The same configuration gets the same verdict from every cmdlet' {
    BeforeEach {
        Set-EmulatorScenario -Emulator $emu healthy | Out-Null
        Clear-EmulatorRequest -Emulator $emu
        Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime
    }

    It 'a //-commented file is RTC1001 for all four cmdlets, and nothing is sent' {
        $file = Join-Path $Work 'commented.json'
        Set-Content -LiteralPath $file -Value "{`n  // the realtime deployment`n  `"session`": {`"type`": `"realtime`", `"model`": `"gpt-realtime`"}`n}"
        $ttc = Test-TranscriptionConfig -Path $file
        $ttc.Diagnostics.RuleId | Should -Be 'RTC1001'
        $ttc.Diagnostics[0].Line | Should -Be 2
        $ttc.Diagnostics[0].Message | Should -Match 'service rejects comments'
        foreach ($cmdlet in $SessionCmdlets) {
            $r = Invoke-Input $cmdlet @{ Path = $file }
            $r.Output | Should -BeNullOrEmpty -Because "$cmdlet must not accept a commented file"
            $r.Errors[0].Exception.Message | Should -Match '\bRTC1001\b' -Because $cmdlet
            $r.Errors[0].Exception.Message | Should -Match 'line 2, column 3'
            $r.Errors[0].Exception.Message | Should -Match 'service rejects comments'
        }
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'an empty file, white space, invalid UTF-8, UTF-32 and a lone \ud800 escape are RTC1001 everywhere' {
        $cases = [ordered]@{
            empty   = [byte[]]@()
            utf8    = [Text.Encoding]::UTF8.GetBytes('{"type":"realtime","instructions":"a') + [byte[]](0xC3, 0x28) + [Text.Encoding]::UTF8.GetBytes('"}')
            utf32   = [Text.UTF32Encoding]::new($false, $true).GetPreamble() + [Text.UTF32Encoding]::new($false, $true).GetBytes('{"type":"realtime"}')
            lone    = [Text.Encoding]::UTF8.GetBytes('{"type":"realtime","instructions":"\ud800"}')
        }
        foreach ($name in $cases.Keys) {
            $file = Join-Path $Work "$name.json"
            [IO.File]::WriteAllBytes($file, $cases[$name])
            foreach ($cmdlet in $AllCmdlets | Where-Object { $_ -ne 'ConvertTo-RealtimeGaConfig' }) {
                Get-Verdict $cmdlet @{ LiteralPath = $file } | Should -Be 'RTC1001' -Because "$cmdlet on $name"
            }
        }
        foreach ($cmdlet in $SessionCmdlets) {
            Get-Verdict $cmdlet @{ Json = ' ' } | Should -Be 'RTC1001' -Because "$cmdlet on -Json ' '"
            # Empty text reaches the reader too (it was a parameter-binding error on these four, RTC1001 offline).
            Get-Verdict $cmdlet @{ Json = '' } | Should -Be 'RTC1001' -Because "$cmdlet on -Json ''"
        }
        Get-Verdict 'Test-TranscriptionConfig' @{ Json = '' } | Should -Be 'RTC1001'
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'what is piped in is read as -InputObject reads it, by all six cmdlets' {
        $config = @{ session = @{ type = 'realtime'; model = 'gpt-realtime'; voice = 'x' } }
        $json = '{"session":{"type":"realtime","model":"gpt-realtime","voice":"x"}}'
        $file = Join-Path $Work 'piped.json'
        Set-Content -LiteralPath $file -Value $json
        $expected = ((Test-TranscriptionConfig -InputObject $config).Diagnostics.RuleId | Sort-Object) -join ','
        $expected | Should -Be 'RTC1020,RTC1022'

        # What a cmdlet made of one input: the output's types and verdicts, and the error ids with the rule they name.
        function Get-Outcome([string] $Cmdlet, [object] $Piped) {
            $a = Get-RunArguments $Cmdlet
            $errors = $null
            $output = if ($null -eq $Piped) { @(& $Cmdlet @a -InputObject $config -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) }
            else { @(, $Piped | & $Cmdlet @a -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) }
            @($output | ForEach-Object { '{0}:{1}{2}' -f $_.GetType().Name, $_.Verdict, $_.Healthy }) +
                @($errors | ForEach-Object { '{0}:{1}' -f $_.FullyQualifiedErrorId, [regex]::Match($_.Exception.Message, 'RTC\d{4}').Value }) -join ' | '
        }

        foreach ($piped in $config, $json, (Get-Item -LiteralPath $file)) {
            $kind = $piped.GetType().Name
            ((, $piped | Test-TranscriptionConfig).Diagnostics.RuleId | Sort-Object) -join ',' | Should -Be $expected -Because "a piped $kind"
            ((, $piped | ConvertTo-RealtimeGaConfig -WarningAction SilentlyContinue).Json | ConvertFrom-Json).session.audio.output.voice | Should -Be 'x' -Because "a piped $kind"
            foreach ($cmdlet in $SessionCmdlets) {
                Get-Outcome $cmdlet $piped | Should -Be (Get-Outcome $cmdlet $null) -Because "$cmdlet reads a piped $kind as -InputObject"
            }
        }
        # Minting and probing refuse the beta field before sending; both name the rule.
        Get-Outcome 'New-RealtimeClientSecret' $json | Should -Match 'RTC1022'
        Get-Outcome 'Invoke-RealtimeProbe' $json | Should -Match 'RTC1022'
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'Get-Content piped in is the file, read whole once, by every cmdlet' {
        $file = Join-Path $Work 'lines.json'
        Set-Content -LiteralPath $file -Value "{`n  `"session`": {`n    `"type`": `"realtime`",`n    `"model`": `"gpt-realtime`",`n    `"voice`": `"x`"`n  }`n}"
        $direct = Test-TranscriptionConfig -LiteralPath $file
        foreach ($piped in @{ Lines = { Get-Content -LiteralPath $file } }, @{ Raw = { Get-Content -LiteralPath $file -Raw } }, @{ Tail = { Get-Content -LiteralPath $file | Select-Object -Skip 3 } }) {
            $how = @($piped.Keys)[0]
            $results = @(& $piped[$how] | Test-TranscriptionConfig -ErrorVariable problems -ErrorAction SilentlyContinue)
            $problems | Should -BeNullOrEmpty -Because "no line of the file is taken for a path ($how)"
            $results | Should -HaveCount 1 -Because "the file is checked once ($how)"
            $results[0].Source | Should -Be $direct.Source
            ($results[0].Diagnostics | ForEach-Object { '{0}@{1}:{2}' -f $_.RuleId, $_.Line, $_.Column }) -join ' ' |
                Should -Be (($direct.Diagnostics | ForEach-Object { '{0}@{1}:{2}' -f $_.RuleId, $_.Line, $_.Column }) -join ' ') -Because "the file's own lines and columns ($how)"
            @(& $piped[$how] | ConvertTo-RealtimeGaConfig -WarningAction SilentlyContinue) | Should -HaveCount 1 -Because "ConvertTo-RealtimeGaConfig converts the file once ($how)"
            foreach ($cmdlet in $SessionCmdlets) {
                $a = Get-RunArguments $cmdlet
                $errors = $null
                $output = @(& $piped[$how] | & $cmdlet @a -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
                if ($cmdlet -in 'Test-RealtimeDeployment', 'Test-RealtimeTranscription') {
                    $errors | Should -BeNullOrEmpty -Because "$cmdlet reads the file ($how)"
                    $output | Should -HaveCount 1 -Because "$cmdlet checks the file once ($how)"
                    continue
                }
                @($errors) | Should -HaveCount 1 -Because "$cmdlet refuses the file once ($how)"
                $errors[0].Exception.Message | Should -Match '\bRTC1022\b'
            }
        }
        Get-MintRequest | Should -BeNullOrEmpty
    }

    It 'content of another provider piped in is JSON text, and a line of JSON is never a path' {
        $env:REALTIMEOPS_TEST_SESSION = '{"session":{"type":"realtime","voice":"x"}}'
        try {
            $r = Get-Content Env:REALTIMEOPS_TEST_SESSION | Test-TranscriptionConfig
            ($r.Diagnostics.RuleId | Sort-Object) -join ',' | Should -Be 'RTC1020,RTC1022'
        }
        finally { Remove-Item Env:REALTIMEOPS_TEST_SESSION }
        foreach ($line in '  "type": "realtime",', '}', '],') {
            $r = $line | Test-TranscriptionConfig -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems | Should -BeNullOrEmpty -Because "'$line' is read as JSON text, not looked up as a file"
            $r.Diagnostics[0].RuleId | Should -Be 'RTC1001'
        }
    }

    It 'UTF-16 with a byte order mark is read alike by every cmdlet' {
        $file = Join-Path $Work 'utf16.json'
        [IO.File]::WriteAllText($file, '{"session":{"type":"realtime","model":"gpt-realtime"}}', [Text.Encoding]::Unicode)
        (Test-TranscriptionConfig -LiteralPath $file).IsValid | Should -BeTrue
        (New-RealtimeClientSecret -LiteralPath $file).Deployment | Should -Be 'gpt-realtime'
        (Test-RealtimeDeployment -Offline -LiteralPath $file).Deployment | Should -Be 'gpt-realtime'
    }

    It 'a null type and a numeric model are refused before minting or probing, unless -SkipValidation' {
        $json = '{"session":{"type":null,"model":123}}'
        (Test-TranscriptionConfig -Json $json).IsValid | Should -BeFalse
        $mint = Invoke-Input 'New-RealtimeClientSecret' @{ Json = $json }
        $mint.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ClientSecretConfigurationInvalid,*'
        $probe = Invoke-Input 'Invoke-RealtimeProbe' @{ Json = $json }
        $probe.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ProbeConfigurationInvalid,*'
        Get-MintRequest | Should -BeNullOrEmpty
        New-RealtimeClientSecret -Json $json -SkipValidation -ErrorAction SilentlyContinue | Out-Null
        (Get-MintRequest)[0].body | ConvertFrom-Json | ForEach-Object { $_.session.model } | Should -Be 123 -Because 'the connection default does not replace what the file says'
    }

    It 'a self-referencing hashtable is RTC1002, not an unhandled exception' {
        $h = @{ type = 'realtime' }; $h.self = $h
        (Test-TranscriptionConfig -InputObject $h).Diagnostics.RuleId | Should -Contain 'RTC1002'
        foreach ($cmdlet in $SessionCmdlets) {
            $r = Invoke-Input $cmdlet @{ InputObject = $h }
            $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidData' -Because $cmdlet
            $r.Errors[0].Exception.Message | Should -Match 'RTC1002'
        }
    }

    It 'duplicate keys are no raw .NET message: the last value is sent' {
        $s = New-RealtimeClientSecret -Json '{"type":"realtime","model":"nope","model":"gpt-realtime"}' -ErrorVariable e -WarningAction SilentlyContinue
        $e | Should -BeNullOrEmpty
        $s.Deployment | Should -Be 'gpt-realtime'
        (Test-TranscriptionConfig -Json '{"type":"realtime","model":"nope","model":"gpt-realtime"}').Diagnostics.RuleId | Should -Contain 'RTC1007'
    }

    It 'a blank -Deployment is refused locally with DeploymentNameBlank' {
        foreach ($cmdlet in $SessionCmdlets) {
            { & $cmdlet -Deployment '   ' -ErrorAction Stop } | Should -Throw -ErrorId "DeploymentNameBlank,*" -Because $cmdlet
        }
        Get-MintRequest | Should -BeNullOrEmpty
    }
}

Describe 'Paths and objects that are no configuration get one set of errors' {
    BeforeAll { Connect-RealtimeOps -Endpoint $emu.BaseUri -ApiKey $Key -Deployment gpt-realtime }

    It '<_>: a folder, a wildcard or [x] matching nothing, and non-FileSystem paths' -ForEach @(
        'Test-TranscriptionConfig', 'ConvertTo-RealtimeGaConfig', 'New-RealtimeClientSecret', 'Invoke-RealtimeProbe', 'Test-RealtimeDeployment', 'Test-RealtimeTranscription') {
        $cmdlet = $_
        $p = $Prefix[$cmdlet]
        $notFound = if ($cmdlet -eq 'Test-RealtimeDeployment') { 'DeploymentTestConfigurationNotFound' } else { "${p}FileNotFound" }
        (Invoke-Input $cmdlet @{ Path = (Join-Path $Work 'folder') }).Errors[0].FullyQualifiedErrorId | Should -BeLike "${p}PathIsFolder,*"
        (Invoke-Input $cmdlet @{ Path = (Join-Path $Work 'no-match-*.json') }).Errors[0].FullyQualifiedErrorId | Should -BeLike "$notFound,*"
        (Invoke-Input $cmdlet @{ Path = (Join-Path $Work 'a[x].json') }).Errors[0].FullyQualifiedErrorId | Should -BeLike "$notFound,*"
        foreach ($other in 'Env:/x', 'Variable:/x.json', 'Function:/x.json') {
            $r = Invoke-Input $cmdlet @{ Path = $other }
            $r.Errors[0].FullyQualifiedErrorId | Should -BeLike "${p}PathNotFileSystem,*" -Because $other
            $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        Test-Path (Join-Path (Get-Location) 'x.json') | Should -BeFalse
    }

    It '<_>: a 300 MB file is RTC1003 and not read' -ForEach @(
        'Test-TranscriptionConfig', 'ConvertTo-RealtimeGaConfig', 'New-RealtimeClientSecret', 'Invoke-RealtimeProbe', 'Test-RealtimeDeployment', 'Test-RealtimeTranscription') {
        $cmdlet = $_
        $big = Join-Path $Work 'big.json'
        if (-not (Test-Path -LiteralPath $big)) { $f = [IO.File]::Create($big); $f.SetLength(300MB); $f.Dispose() }
        $before = [GC]::GetTotalMemory($true)
        if ($cmdlet -eq 'Test-TranscriptionConfig') { (Test-TranscriptionConfig -LiteralPath $big).Diagnostics.RuleId | Should -Be 'RTC1003' }
        else {
            $r = Invoke-Input $cmdlet @{ LiteralPath = $big }
            $r.Errors[0].ToString() | Should -Match 'RTC1003'
        }
        ([GC]::GetTotalMemory($true) - $before) | Should -BeLessThan 100MB
    }

    It '<_>: /dev/zero and /dev/urandom are refused unread' -Skip:(-not $IsLinux) -ForEach @(
        'Test-TranscriptionConfig', 'ConvertTo-RealtimeGaConfig', 'New-RealtimeClientSecret', 'Invoke-RealtimeProbe', 'Test-RealtimeDeployment', 'Test-RealtimeTranscription') {
        $cmdlet = $_
        $before = [GC]::GetTotalMemory($true)
        foreach ($device in '/dev/zero', '/dev/urandom') {
            $r = Invoke-Input $cmdlet @{ LiteralPath = $device }
            $r.Errors[0].FullyQualifiedErrorId | Should -BeLike "$($Prefix[$cmdlet])FileNotRegular,*"
            $r.Errors[0].Exception.Message | Should -Match 'character device'
        }
        ([GC]::GetTotalMemory($true) - $before) | Should -BeLessThan 100MB
    }

    It 'a FIFO is refused without blocking' -Skip:(-not $IsLinux) {
        $fifo = Join-Path $Work 'pipe.json'
        & mkfifo $fifo
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$(Get-RealtimeOpsModulePath)'; Test-RealtimeDeployment -Offline -LiteralPath '$fifo' -ErrorAction SilentlyContinue -ErrorVariable e; `$e[0].FullyQualifiedErrorId")
        $async = $ps.BeginInvoke()
        $finished = $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60))
        if (-not $finished) { [IO.File]::WriteAllText($fifo, '{}') }
        $finished | Should -BeTrue -Because 'opening a FIFO blocks until a writer comes; the reader must not open it'
        $ps.EndInvoke($async) | Should -BeLike 'DeploymentTestConfigurationFileNotRegular,*'
        $ps.Dispose()
    }

    It 'Test-RealtimeDeployment refuses a folder, a script block and other objects per item, in bounded memory' {
        New-Item -ItemType Directory (Join-Path $Work 'folder/sub') -Force | Out-Null
        '{"type":"realtime","model":"gpt-realtime"}' | Set-Content (Join-Path $Work 'folder/ok.json')
        $before = [GC]::GetTotalMemory($true)
        $r = Invoke-Input 'Test-RealtimeDeployment' @{ InputObject = (Get-Item (Join-Path $Work 'folder/sub')) }
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'DeploymentTestConfigurationPathIsFolder,*'
        $r = Invoke-Input 'Test-RealtimeDeployment' @{ InputObject = { 1 } }
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'DeploymentTestConfigurationInputUnsupported,*'
        $r.Errors[0].Exception.Message | Should -Match 'ScriptBlock'
        $errors = $null
        $piped = @(Get-ChildItem (Join-Path $Work 'folder') | Test-RealtimeDeployment -Offline -ErrorVariable errors -ErrorAction SilentlyContinue)
        $piped.Deployment | Should -Be 'gpt-realtime'
        $errors.FullyQualifiedErrorId | Should -BeLike 'DeploymentTestConfigurationPathIsFolder,*'
        ([GC]::GetTotalMemory($true) - $before) | Should -BeLessThan 100MB
    }

    It 'Test-RealtimeDeployment takes -LiteralPath and wildcards like the other cmdlets' {
        $dir = Join-Path $Work 'wild'
        New-Item -ItemType Directory $dir -Force | Out-Null
        '{"type":"realtime","model":"gpt-realtime"}' | Set-Content -LiteralPath (Join-Path $dir 'a[1].json')
        '{"type":"realtime","model":"gpt-realtime-mini"}' | Set-Content (Join-Path $dir 'b.json')
        (Test-RealtimeDeployment -Offline -LiteralPath (Join-Path $dir 'a[1].json')).Deployment | Should -Be 'gpt-realtime'
        @(Test-RealtimeDeployment -Offline -Path (Join-Path $dir '*.json')).Count | Should -Be 2
    }
}
