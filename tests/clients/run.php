<?php
// Calls the handler of examples/functions/php-mysqli with the IAM token in DB_AUTH_TOKEN, which the test made
// outside PHP (the AWS SDK for PHP is not installable here), and prints its result or error as one JSON line.
//
//   php run.php [--without-tls | --without-ca]
//
// --without-tls: the function's real_connect() call without MYSQLI_CLIENT_SSL and without the CA;
// --without-ca: with MYSQLI_CLIENT_SSL but without the CA (what the function's check of DB_CA_BUNDLE prevents).
require __DIR__ . '/../../examples/functions/php-mysqli/index.php';

$token = getenv('DB_AUTH_TOKEN');
$flags = ['--without-tls' => 0, '--without-ca' => MYSQLI_CLIENT_SSL];
try {
    if (isset($argv[1])) {
        $db = mysqli_init();
        $db->real_connect(
            getenv('DB_HOST'),
            getenv('DB_USER'),
            $token,
            getenv('DB_NAME'),
            (int) getenv('DB_PORT'),
            null,
            $flags[$argv[1]]
        );
        $result = $db->query('SELECT CURRENT_USER() AS user, CONNECTION_ID() AS connection')->fetch_assoc();
    } else {
        $result = index($token);
    }
    echo json_encode(['result' => $result]), "\n";
} catch (Throwable $error) {
    echo json_encode(['error' => get_class($error) . ': ' . $error->getMessage()]), "\n";
}
