package org.postern.engine.api;

import java.util.List;

/** The durable queue (LIS-10): browse, remove, and inject local messages. */
public interface QueueApi {

    List<QueuedMessage> list();

    /** The number of queued messages by state, without listing them ({@code postern status}). */
    QueueCounts counts();

    /** The stored message (Received header first), as it will be delivered. */
    byte[] content(String id);

    void delete(String id);

    /** Makes every queued message due now; returns how many. */
    int flush();

    /** Files moved aside because they could not be read as queued messages (newest first). */
    List<QuarantinedFile> quarantined();

    /** Whether accepted messages reach the queue index (and so delivery). */
    QueueHealth health();

    /** Queues a message submitted locally ({@code postern inject}); returns its id once it is durable. */
    String inject(String sender, List<String> recipients, byte[] message);
}
