package io.taskmanager.protection.control;

import java.io.IOException;
import org.infinispan.protostream.FileDescriptorSource;
import org.infinispan.protostream.MessageMarshaller;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * What the protection caches put on the cluster's wire besides the strings and byte arrays
 * ProtoStream knows already: the bucket command. Infinispan's ProtoStream marshaller refuses a
 * type it has no schema for, so no member ever deserializes a Java class named by a peer.
 */
public final class ProtectionSchema implements SerializationContextInitializer {

    static final String FILE = "taskmanager-protection.proto";
    static final String COMMAND = "taskmanager.protection.BucketCommand";

    @Override
    public void registerSchema(SerializationContext context) {
        context.registerProtoFiles(FileDescriptorSource.fromString(FILE, """
                syntax = "proto3";
                package taskmanager.protection;
                /* a bucket4j request in bucket4j's binary form */
                message BucketCommand {
                  bytes request = 1;
                }
                """));
    }

    @Override
    public void registerMarshallers(SerializationContext context) {
        context.registerMarshaller(new MessageMarshaller<BucketCommand>() {
            @Override
            public BucketCommand readFrom(ProtoStreamReader reader) throws IOException {
                return new BucketCommand(reader.readBytes("request"));
            }

            @Override
            public void writeTo(ProtoStreamWriter writer, BucketCommand command) throws IOException {
                writer.writeBytes("request", command.request());
            }

            @Override
            public Class<? extends BucketCommand> getJavaClass() {
                return BucketCommand.class;
            }

            @Override
            public String getTypeName() {
                return COMMAND;
            }
        });
    }
}
